package dev.imaginestudio.media;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.9.10",
                "0.0.0.0",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1"
            })
    void localAndPrivateAddressesAreRefused(String address) throws Exception {
        assertFalse(AddressGuard.isPublic(InetAddress.getByName(address)), address);
    }

    /** IPv6 forms that carry an IPv4 address (or reach one through a relay) are no way around the IPv4 rules. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "::127.0.0.1",
                "::10.0.0.1",
                "::8.8.8.8",
                "64:ff9b::127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "64:ff9b::10.1.2.3",
                "64:ff9b:1::8.8.8.8",
                "64:ff9b:1:ffff::1",
                "2002:7f00:1::1",
                "2002:0808:0808::1",
                "2001::1",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "100::1",
                "100::ffff:ffff:ffff:ffff"
            })
    void ipv6FormsEmbeddingIpv4AreRefused(String address) throws Exception {
        assertFalse(AddressGuard.isPublic(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "172.32.0.1",
                "100.128.0.1",
                "2606:4700::1111",
                "::ffff:8.8.8.8",
                "64:ff9b::8.8.8.8",
                "2001:4860:4860::8888",
                "2001:1::1",
                "100:0:0:1::1"
            })
    void publicAddressesAreAllowed(String address) throws Exception {
        assertTrue(AddressGuard.isPublic(InetAddress.getByName(address)), address);
    }
}
