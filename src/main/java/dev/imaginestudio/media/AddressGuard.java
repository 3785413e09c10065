package dev.imaginestudio.media;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses the studio may fetch input images from on a user's behalf: public unicast only. Loopback,
 * private, link-local (including the 169.254.169.254 cloud metadata service), carrier-grade NAT,
 * unique-local, multicast and unspecified addresses are refused, so a URL cannot make the studio reach
 * into the network it runs in. IPv6 addresses that lead to an IPv4 one (mapped, NAT64) are judged by that IPv4
 * address; the tunnelling and transition forms whose path the studio cannot judge (IPv4-compatible, 6to4, Teredo,
 * local-use NAT64) and the discard prefix are refused.
 */
public final class AddressGuard {

    private AddressGuard() {}

    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
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
            if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isPublicV4(b); // IPv4-mapped ::ffff:a.b.c.d: the IPv4 address is where it goes
            }
            if (zeros(b, 0, 12)) {
                return false; // IPv4-compatible ::a.b.c.d, deprecated; some stacks still route it to the IPv4 address
            }
            if (word(b, 0) == 0x64 && word(b, 2) == 0xff9b) {
                // NAT64: the well-known 64:ff9b::/96 translates to the IPv4 address in its last four bytes;
                // the local-use 64:ff9b:1::/48 places it where the operator chose, so it is refused outright
                return zeros(b, 4, 12) && isPublicV4(b);
            }
            if (word(b, 0) == 0x2002) {
                return false; // 6to4 2002::/16: relayed to the IPv4 address in bytes 2-5, from any relay
            }
            if (word(b, 0) == 0x2001 && word(b, 2) == 0) {
                return false; // Teredo 2001::/32: tunnelled through an IPv4 server and client named in the address
            }
            return !(word(b, 0) == 0x100 && zeros(b, 2, 8)); // 100::/64 is discard-only
        }
        return false;
    }

    /** The IPv4 address in the last four bytes of an IPv6 one, judged as IPv4. */
    private static boolean isPublicV4(byte[] v6) {
        try {
            return isPublic(InetAddress.getByAddress(new byte[] {v6[12], v6[13], v6[14], v6[15]}));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
