package dev.imaginestudio.media;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches one input image from a URL a user gave, once, with a size cap and time limits. Every hop (the URL and
 * each redirect) must be https to a host whose every address passes the guard.
 *
 * <p>The connection goes to an address that was checked: the host is resolved once, and the socket is opened to
 * that {@link InetAddress}, never to the name. Resolving again to connect (as {@link java.net.http.HttpClient}
 * and {@code HttpsURLConnection} do, with no hook for the address on Java 17) would let a DNS answer with a short
 * lifetime pass the check with a public address and then send the studio to a private one. So the request is
 * written by hand over that socket: one HTTP/1.1 GET with {@code Connection: close}, the host name in the
 * {@code Host} header, and for https a TLS layer that sends the name as SNI and checks the certificate against
 * the name ({@code HTTPS} endpoint identification), exactly as a client that resolved by itself would.
 *
 * <p>Every read is bounded: the headers by the fetch timeout, each wait for body bytes by the idle timeout, and
 * the whole fetch, redirects included, by the deadline. At most a configured number of fetches run at once; a
 * fetch that gets no slot within a short wait is refused as {@link Busy}, so slow image servers cannot take every
 * request thread.
 */
final class RemoteImageFetcher {

    /** Why a URL was refused; the message is shown to the user. */
    static class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** Too many fetches are running: nothing is wrong with the URL, the studio is busy. */
    static final class Busy extends Refused {
        Busy(String message) {
            super(message);
        }
    }

    /**
     * {@code timeout}: connecting and receiving the headers; {@code idle}: the longest wait for the next bytes of the
     * body; {@code deadline}: the whole fetch; {@code concurrent} fetches at once, a further one waiting at most
     * {@code slotWait} for a slot.
     */
    record Limits(Duration timeout, Duration idle, Duration deadline, int concurrent, Duration slotWait) {}

    /** Name resolution, so that a test can answer for a name; the studio uses the system resolver. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final int MAX_REDIRECTS = 3;
    private static final int MAX_LINE_BYTES = 8 * 1024;
    private static final int MAX_HEADERS = 100;

    private final boolean httpsOnly;
    private final Predicate<InetAddress> allowed;
    private final Limits limits;
    private final Resolver resolver;
    private final SSLSocketFactory tls;
    private final Semaphore slots;

    RemoteImageFetcher(
            boolean httpsOnly, Predicate<InetAddress> allowed, Limits limits, Resolver resolver, SSLSocketFactory tls) {
        this.httpsOnly = httpsOnly;
        this.allowed = allowed;
        this.limits = limits;
        this.resolver = resolver;
        this.tls = tls;
        this.slots = new Semaphore(Math.max(1, limits.concurrent()), true);
    }

    RemoteImageFetcher(boolean httpsOnly, Predicate<InetAddress> allowed, Limits limits) {
        this(httpsOnly, allowed, limits, InetAddress::getAllByName, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** A fetcher whose body idle timeout is {@code timeout}, with a deadline of four times it. */
    RemoteImageFetcher(boolean httpsOnly, Predicate<InetAddress> allowed, Duration timeout) {
        this(httpsOnly, allowed, new Limits(timeout, timeout, timeout.multipliedBy(4), 8, timeout));
    }

    byte[] fetch(URI url, long maxBytes) throws IOException {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(limits.slotWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (!acquired) {
            throw new Busy("the studio is already fetching " + limits.concurrent()
                    + " images from other servers; try again in a moment or send the image as a data: URL");
        }
        try {
            return fetchHops(
                    url, maxBytes, System.nanoTime() + limits.deadline().toNanos());
        } finally {
            slots.release();
        }
    }

    private byte[] fetchHops(URI url, long maxBytes, long deadline) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            InetAddress[] addresses = check(current);
            try (Exchange response = exchange(current, addresses, deadline)) {
                int status = response.status;
                if (status >= 300 && status < 400) {
                    String location = response.headers.get("location");
                    if (location == null) {
                        throw new Refused("the image URL redirects nowhere");
                    }
                    try {
                        current = current.resolve(new URI(location.strip()));
                    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                        throw new Refused("the image URL redirects to something that is not a URL");
                    }
                    continue;
                }
                if (status != 200) {
                    throw new Refused("the image URL answered HTTP " + status);
                }
                long declared = parseLength(response.headers.get("content-length"));
                if (declared > maxBytes) {
                    throw new Refused("the image is larger than " + maxBytes / (1024 * 1024) + " MiB");
                }
                byte[] body = response.body(declared).readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (body.length > maxBytes) {
                    throw new Refused("the image is larger than " + maxBytes / (1024 * 1024) + " MiB");
                }
                return body;
            }
        }
        throw new Refused("the image URL redirects more than " + MAX_REDIRECTS + " times");
    }

    /** The host's addresses, every one of them allowed: these are the only addresses the fetch connects to. */
    private InetAddress[] check(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && (httpsOnly || !scheme.equals("http"))) {
            throw new Refused(
                    "only https image URLs are accepted, not " + (scheme.isEmpty() ? "this URL" : scheme + ":"));
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new Refused("the image URL has no host");
        }
        if (uri.getUserInfo() != null) {
            throw new Refused("image URLs with credentials are not accepted");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare(host));
        } catch (UnknownHostException e) {
            throw new Refused("the image host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new Refused("the image host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            if (!allowed.test(a)) {
                throw new Refused("the image host " + host + " is a local or private address (" + a.getHostAddress()
                        + "); only public hosts are fetched");
            }
        }
        return addresses;
    }

    /** An IPv6 literal without its brackets, as TLS and the resolver take it. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    // ------------------------------------------------------------------------------------------------
    // One request over a socket to a checked address

    private Exchange exchange(URI uri, InetAddress[] addresses, long deadline) throws IOException {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        long headersBy = Math.min(deadline, System.nanoTime() + limits.timeout().toNanos());
        Socket socket = connect(addresses, port, headersBy);
        try {
            if (https) {
                // the name, not the address, goes into SNI and is what the certificate must be valid for
                SSLSocket secure = (SSLSocket) tls.createSocket(socket, bare(uri.getHost()), port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                socket = secure;
            }
            Limited in = new Limited(socket, headersBy);
            if (socket instanceof SSLSocket secure) {
                in.arm();
                try {
                    secure.startHandshake();
                } catch (SocketTimeoutException e) {
                    throw notAnswered();
                }
            }
            URI ascii = URI.create(uri.toASCIIString());
            String target = (ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath())
                    + (ascii.getRawQuery() == null ? "" : "?" + ascii.getRawQuery());
            String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: image/png,image/jpeg,image/webp\r\n"
                                    + "Accept-Encoding: identity\r\nUser-Agent: ImagineStudio\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Exchange exchange = new Exchange(socket, in, deadline);
            exchange.readHead();
            return exchange;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket connect(InetAddress[] addresses, int port, long by) throws IOException {
        IOException failure = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), millisLeft(by));
                return socket;
            } catch (SocketTimeoutException e) {
                socket.close();
                throw notAnswered();
            } catch (IOException e) {
                socket.close();
                failure = e;
            }
        }
        throw failure;
    }

    private Refused notAnswered() {
        return new Refused("the image server did not answer within " + human(limits.timeout()));
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Milliseconds until {@code by}, at least 1; none left is a refusal. */
    private int millisLeft(long by) throws Refused {
        long left = TimeUnit.NANOSECONDS.toMillis(by - System.nanoTime());
        if (left <= 0) {
            throw notAnswered();
        }
        return (int) Math.max(1, Math.min(left, Integer.MAX_VALUE));
    }

    private static long parseLength(String value) throws Refused {
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.strip());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new Refused("the image server sent an invalid Content-Length");
        }
    }

    /**
     * The socket's input, every read bounded by a timeout: until the headers are in, by the time left for them; then
     * by the idle timeout, and never past the deadline. The socket's own read timeout does the waiting, so a stalled
     * server costs no thread beyond the one already blocked in the read.
     */
    private final class Limited extends BlockInput {
        private final Socket socket;
        private final InputStream in;
        private long by;
        private boolean body;
        /** Whether the wait just armed ends at the deadline rather than after the idle timeout. */
        private boolean deadlineBound;

        Limited(Socket socket, long headersBy) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.by = headersBy;
        }

        void bodyUntil(long deadline) {
            by = deadline;
            body = true;
        }

        /** Sets the socket's timeout for the next blocking step (a read, or the TLS handshake). */
        void arm() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(by - System.nanoTime());
            if (left <= 0) {
                throw body ? tooLong() : notAnswered();
            }
            deadlineBound = body && left <= limits.idle().toMillis();
            long wait = body ? Math.min(left, limits.idle().toMillis()) : left;
            socket.setSoTimeout((int) Math.max(1, Math.min(wait, Integer.MAX_VALUE)));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                if (!body) {
                    throw notAnswered();
                }
                if (deadlineBound) {
                    throw tooLong();
                }
                throw new Refused("the image server stopped sending for " + human(limits.idle())
                        + " before the image was complete");
            }
        }

        private Refused tooLong() {
            return new Refused("fetching the image took longer than " + human(limits.deadline()));
        }
    }

    /** An answer: status and headers read, the body still on the socket. */
    private static final class Exchange implements AutoCloseable {
        final Socket socket;
        final Limited raw;
        final InputStream in;
        final long deadline;
        final Map<String, String> headers = new HashMap<>();
        int status;

        Exchange(Socket socket, Limited raw, long deadline) {
            this.socket = socket;
            this.raw = raw;
            this.in = new BufferedInputStream(raw);
            this.deadline = deadline;
        }

        void readHead() throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            try {
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                    throw new NumberFormatException();
                }
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new Refused("the image server did not answer in HTTP");
            }
            int count = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (++count > MAX_HEADERS) {
                    throw new Refused("the image server's answer has more than " + MAX_HEADERS + " headers");
                }
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(
                            header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).strip());
                }
            }
            raw.bodyUntil(deadline);
        }

        /** The body as the headers frame it: chunked, of a declared length, or up to the end of the connection. */
        InputStream body(long declared) throws IOException {
            String coding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
            if (coding.contains("chunked")) {
                return new Chunked(this);
            }
            if (!coding.isEmpty() && !coding.equals("identity")) {
                throw new Refused("the image server sent the image encoded as " + coding);
            }
            return declared >= 0 ? new Exact(in, declared) : in;
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new Refused("the image server closed the connection before its answer was complete");
                }
                if (line.size() >= MAX_LINE_BYTES) {
                    throw new Refused(
                            "the image server's answer has a line longer than " + MAX_LINE_BYTES / 1024 + " KiB");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A body of a declared length: shorter is a broken answer, not a smaller image. */
    private static final class Exact extends BlockInput {
        private final InputStream in;
        private long left;

        Exact(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n == -1) {
                throw new Refused("the image server broke off with " + left + " bytes to go");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body (RFC 9112, 7.1): hex size lines, data, and a last chunk of size 0 with optional trailers. */
    private static final class Chunked extends BlockInput {
        private final Exchange exchange;
        private long left;
        private boolean started;
        private boolean done;

        Chunked(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                if (started && !exchange.line().isEmpty()) {
                    throw new Refused("the image server sent a broken chunked answer");
                }
                started = true;
                String size = exchange.line();
                int extension = size.indexOf(';');
                try {
                    left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new Refused("the image server sent a broken chunked answer");
                }
                if (left < 0) {
                    throw new Refused("the image server sent a broken chunked answer");
                }
                if (left == 0) {
                    done = true; // trailers, if any, are left unread: the connection is closed next
                    return -1;
                }
            }
            int n = exchange.in.read(b, off, (int) Math.min(len, left));
            if (n == -1) {
                throw new Refused("the image server broke off inside a chunk");
            }
            left -= n;
            return n;
        }
    }

    /** A stream whose reads of one byte go through its reads of many, where all its logic is. */
    private abstract static class BlockInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }
    }
}
