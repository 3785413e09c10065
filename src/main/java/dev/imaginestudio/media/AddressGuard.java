package dev.imaginestudio.media;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses the studio may fetch input images from on a user's behalf: public unicast only. Loopback,
 * private, link-local (including the 169.254.169.254 cloud metadata service), carrier-grade NAT,
 * unique-local, multicast and unspecified addresses are refused, so a URL cannot make the studio reach
 * into the network it runs in.
 */
public final class AddressGuard {

    private AddressGuard() {
    }

    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240) {
                return false; // "this network" and reserved
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return false; // carrier-grade NAT
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return false; // IETF protocol assignments
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return false; // benchmarking
            }
            return true;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean mappedV4 = true;
            for (int i = 0; i < 10; i++) {
                mappedV4 &= b[i] == 0;
            }
            if (mappedV4 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
