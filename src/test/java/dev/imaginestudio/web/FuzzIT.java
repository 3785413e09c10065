package dev.imaginestudio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.testing.crash.StudioProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the packaged studio: over a thousand generated bad (and some good) inputs across the JSON
 * API, query parameters, form posts, image uploads and headers. Whatever arrives, the studio never answers 5xx, always
 * says why in the shape the caller reads (problem+json for the API, the form or the error page for pages, the upload
 * endpoint's JSON message), stores nothing for a refused request, and still answers its health check afterwards.
 * jqwik prints the seed of a failing run; {@code -Djqwik.seeds.whenfixed} and {@code @Property(seed = ...)} replay it.
 */
class FuzzIT {

    private static final String[] FIELDS = {
        "model",
        "prompt",
        "duration",
        "resolution",
        "aspect_ratio",
        "size",
        "seed",
        "generate_audio",
        "frame_images",
        "input_references",
        "provider",
        "callback_url",
        "n",
        "prompt\u0000",
        ""
    };
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static Path tmp;
    private static StudioProcess studio;
    private static String completedJob;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() throws Exception {
        tmp = Files.createTempDirectory("studio-fuzz");
        // one finished preview first, so Range requests have a video to aim at; then the worker stays off so every
        // accepted job stays queued and nothing renders while inputs are counted
        try (StudioProcess first = new StudioProcess(tmp.resolve("data"), Map.of()).start()) {
            HttpResponse<String> created = first.postJson(
                    "/api/v1/videos", "{\"prompt\":\"a lighthouse at dusk\",\"duration\":1,\"resolution\":\"480p\"}");
            assertEquals(202, created.statusCode(), created.body());
            completedJob = StudioProcess.json(created.body()).path("id").asText();
            for (int i = 0;
                    i < 1200
                            && !"completed"
                                    .equals(first.job(completedJob)
                                            .path("status")
                                            .asText());
                    i++) {
                Thread.sleep(100);
            }
            assertEquals("completed", first.job(completedJob).path("status").asText());
            first.terminate(Duration.ofSeconds(30));
        }
        studio = new StudioProcess(tmp.resolve("data"), Map.of("studio.poller.enabled", "false")).start();
    }

    @AfterContainer
    static void stop() throws IOException {
        if (studio != null) {
            studio.close();
        }
    }

    @AfterProperty
    void stillHealthy() throws IOException {
        assertEquals(200, studio.get("/q/health/ready").statusCode(), "the studio stopped answering its health check");
    }

    // ------------------------------------------------------------------------------------------------
    // JSON API

    @Property(tries = 300)
    void apiCreateNeverFailsOnTheServerAndRefusesWithAProblem(
            @ForAll("createBodies") String body, @ForAll("idempotencyKeys") String idempotencyKey) throws IOException {
        Stored before = stored();
        HttpRequest.Builder request = HttpRequest.newBuilder(studio.uri("/api/v1/videos"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> r = send(request.build());
        assertNotServerError(r, body);
        if (r.statusCode() >= 400) {
            assertProblem(r, body);
            assertEquals(before, stored(), "a refused create stored something: " + shown(body));
        }
    }

    @Property(tries = 250)
    void historyQueriesNeverFailOnTheServer(@ForAll("historyQueries") String query) throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(studio.uri("/api/v1/videos?" + query))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        assertNotServerError(r, query);
        if (r.statusCode() >= 400) {
            assertProblem(r, query);
        }
    }

    @Property(tries = 100)
    void rangeRequestsNeverFailOnTheServer(@ForAll("ranges") String range) throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(studio.uri("/api/v1/videos/" + completedJob + "/content"))
                .timeout(Duration.ofSeconds(30))
                .header("Range", range)
                .GET()
                .build());
        assertNotServerError(r, range);
        assertTrue(
                r.statusCode() == 200 || r.statusCode() == 206 || r.statusCode() == 416,
                r.statusCode() + " for " + range);
        if (r.statusCode() == 416) {
            assertProblem(r, range);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Pages

    @Property(tries = 200)
    void createFormPostsAnswerWithTheFormAndStoreNothingWhenRefused(
            @ForAll("formBodies") String form, @ForAll("origins") String origin) throws IOException {
        Stored before = stored();
        HttpRequest.Builder request = HttpRequest.newBuilder(studio.uri("/jobs"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        HttpResponse<String> r = send(request.build());
        assertNotServerError(r, form);
        if (r.statusCode() >= 400) {
            assertTrue(
                    r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")
                            || r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    "a refused form answers with a page: " + r.headers().firstValue("Content-Type"));
            assertTrue(r.body().length() > 0, "a refused form says why");
            assertEquals(before, stored(), "a refused form stored something: " + shown(form));
        }
    }

    @Property(tries = 150)
    void imageUploadsAreCheckedAndRefusedOnesLeaveNoFile(
            @ForAll("images") byte[] image, @ForAll("fileNames") String fileName) throws IOException {
        Stored before = stored();
        String boundary = "fuzz" + Long.toHexString(new Random(image.length).nextLong());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(studio.uri("/uploads"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
        assertNotServerError(r, fileName + " (" + image.length + " bytes)");
        if (r.statusCode() >= 400) {
            assertTrue(StudioProcess.json(r.body()).hasNonNull("message"), "a refused upload says why: " + r.body());
            assertEquals(before.uploads(), stored().uploads(), "a refused upload left a file");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Generators

    @Provide
    Arbitrary<String> createBodies() {
        return Arbitraries.randomValue(FuzzIT::createBody);
    }

    @Provide
    Arbitrary<String> idempotencyKeys() {
        // what an HTTP client can send at all: visible ASCII (the JDK's client refuses controls in a header)
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(300),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> historyQueries() {
        return Arbitraries.randomValue(random -> {
            String[] names = {
                "limit",
                "min_cost",
                "max_cost",
                "sort",
                "status",
                "cursor",
                "from",
                "to",
                "q",
                "model",
                "route",
                "resolution",
                "limit[]",
                ""
            };
            StringBuilder q = new StringBuilder();
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    q.append('&');
                }
                q.append(names[random.nextInt(names.length)]).append('=');
                String value = scalarText(random);
                q.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            return q.toString();
        });
    }

    @Provide
    Arbitrary<String> ranges() {
        return Arbitraries.randomValue(random -> switch (random.nextInt(8)) {
            case 0 -> "bytes=" + random.nextInt(100_000) + "-" + random.nextInt(100_000);
            case 1 -> "bytes=-" + random.nextLong();
            case 2 -> "bytes=" + random.nextLong() + "-";
            case 3 -> "bytes=0-1,5-9,20-";
            case 4 -> "pages=1-2";
            case 5 -> "bytes=" + "9".repeat(1 + random.nextInt(40)) + "-";
            case 6 -> "bytes=" + visible(random, 20);
            default -> "bytes=" + random.nextInt(10) + "-" + random.nextInt(10);
        });
    }

    @Provide
    Arbitrary<String> formBodies() {
        return Arbitraries.randomValue(random -> {
            String[] names = {
                "model",
                "prompt",
                "duration",
                "resolution",
                "aspect_ratio",
                "seed",
                "mode",
                "first_frame",
                "references",
                "x"
            };
            StringBuilder form = new StringBuilder();
            int n = random.nextInt(7);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    form.append('&');
                }
                String value = random.nextInt(6) == 0 ? randomText(random, 5000) : scalarText(random);
                form.append(names[random.nextInt(names.length)])
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            if (random.nextInt(12) == 0) {
                form.append("&%E0%A4%A=broken");
            }
            return form.toString();
        });
    }

    @Provide
    Arbitrary<String> origins() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.just("null"),
                Arbitraries.just("https://evil.example"),
                Arbitraries.just("http://127.0.0.1"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(80));
    }

    @Provide
    Arbitrary<byte[]> images() {
        return Arbitraries.randomValue(FuzzIT::image);
    }

    @Provide
    Arbitrary<String> fileNames() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "photo.png",
                        "IMG_0001.JPG",
                        "a.webp",
                        "noextension",
                        "../../etc/passwd",
                        "x.png\u0000.txt",
                        "ü‮gnp.exe"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(200));
    }

    private static String createBody(Random random) {
        switch (random.nextInt(20)) {
            case 0:
                return "";
            case 1:
                return randomText(random, 200);
            case 2:
                return "[" + jsonValue(random, 2) + "]";
            case 3:
                return "{\"prompt\":\"a\",\"prompt\":" + jsonValue(random, 1) + "}";
            case 4:
                return "{".repeat(1 + random.nextInt(3000)) + "}".repeat(random.nextInt(3000));
            case 5:
                return "{\"prompt\":\"a lighthouse\"," + "\"duration\":4";
            default:
                break;
        }
        List<String> members = new ArrayList<>();
        members.add("\"prompt\":"
                + (random.nextInt(3) == 0
                        ? jsonValue(random, 2)
                        : jsonString(randomText(random, random.nextInt(5) == 0 ? 6000 : 80))));
        int extra = random.nextInt(5);
        for (int i = 0; i < extra; i++) {
            String field = random.nextInt(5) == 0 ? randomText(random, 12) : FIELDS[random.nextInt(FIELDS.length)];
            String value = switch (field) {
                case "frame_images", "input_references" -> imageList(random);
                default -> jsonValue(random, 3);
            };
            members.add(jsonString(field) + ":" + value);
        }
        return "{" + String.join(",", members) + "}";
    }

    private static String imageList(Random random) {
        int n = random.nextInt(10);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String url = switch (random.nextInt(6)) {
                case 0 -> "data:image/png;base64," + Base64.getEncoder().encodeToString(image(random));
                case 1 -> "data:image/png;base64,!!!not base64";
                case 2 -> "http://127.0.0.1:1/x.png";
                case 3 -> "file:///etc/passwd";
                case 4 -> "https://[::ffff:10.0.0.1]/a.png";
                default -> randomText(random, 50);
            };
            String frame = random.nextBoolean()
                    ? ",\"frame_type\":" + jsonString(random.nextBoolean() ? "first_frame" : randomText(random, 8))
                    : "";
            items.add(
                    random.nextInt(8) == 0
                            ? jsonValue(random, 2)
                            : "{\"type\":\"image_url\",\"image_url\":{\"url\":" + jsonString(url) + "}" + frame + "}");
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String jsonValue(Random random, int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 8);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> numberText(random);
            case 3, 4 -> jsonString(scalarText(random));
            case 5 -> "[" + jsonValue(random, depth - 1) + "," + jsonValue(random, depth - 1) + "]";
            case 6 -> "{" + jsonString(randomText(random, 6)) + ":" + jsonValue(random, depth - 1) + "}";
            default -> "[".repeat(200) + "]".repeat(200);
        };
    }

    private static String numberText(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> String.valueOf(random.nextInt(30) - 5);
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> "1e" + random.nextInt(10_000_000);
            case 3 -> "-1e-" + random.nextInt(10_000_000);
            case 4 -> "9".repeat(1 + random.nextInt(5000));
            case 5 -> random.nextDouble() * 100 + "";
            case 6 -> "0." + "0".repeat(random.nextInt(400)) + "1";
            case 7 -> "4.0";
            default -> "-0";
        };
    }

    /** Text a field might plausibly hold, or something that breaks a parser. */
    private static String scalarText(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> numberText(random);
            case 2 -> "480p";
            case 3 -> "16:9";
            case 4 -> "$" + numberText(random);
            case 5 -> "2026-11-" + random.nextInt(40) + (random.nextBoolean() ? "T10:00:00Z" : "");
            case 6 -> "preview/local";
            case 7 -> "completed";
            case 8 ->
                Base64.getUrlEncoder().encodeToString(randomText(random, 60).getBytes(StandardCharsets.UTF_8));
            default -> randomText(random, 40);
        };
    }

    /** Any text, favouring the awkward: controls, bidi overrides, lone surrogates, astral planes, quotes. */
    private static String randomText(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(14);
            switch (pick) {
                case 0 -> s.append((char) random.nextInt(0x20));
                case 1 -> s.append('\u202e');
                case 2 -> s.append((char) (0xd800 + random.nextInt(0x800)));
                case 3 -> s.appendCodePoint(0x1f300 + random.nextInt(200));
                case 4 -> s.append("\"\\<>&'%");
                case 5 -> s.append((char) (0x80 + random.nextInt(0x20)));
                default -> s.append((char) (' ' + random.nextInt(95)));
            }
        }
        return s.toString();
    }

    private static String visible(Random random, int maxLength) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            s.append((char) ('!' + random.nextInt(94)));
        }
        return s.toString();
    }

    /** A JSON string literal of {@code s}, lone surrogates escaped as JSON allows. */
    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /**
     * Image bytes that are almost right or hard to decode: truncated, wrong magic, huge declared sizes, a decompression
     * bomb, 16-bit PNG, a CMYK JPEG header, an animated WebP header, or plain noise.
     */
    private static byte[] image(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> noise(random, random.nextInt(2000));
            case 1 -> {
                byte[] b = noise(random, 8 + random.nextInt(200));
                System.arraycopy(PNG_MAGIC, 0, b, 0, PNG_MAGIC.length);
                yield b;
            }
            case 2 -> pngHeader(random.nextInt(Integer.MAX_VALUE), random.nextInt(Integer.MAX_VALUE));
            case 3 -> pngHeader(100_000, 100_000);
            case 4 -> {
                byte[] b = noise(random, 4 + random.nextInt(300));
                b[0] = (byte) 0xff;
                b[1] = (byte) 0xd8;
                b[2] = (byte) 0xff;
                yield b;
            }
            case 5 -> BOMB;
            case 6 -> SIXTEEN_BIT_PNG;
            case 7 -> cmykJpegHeader(1 + random.nextInt(20_000), 1 + random.nextInt(20_000));
            case 8 -> animatedWebpHeader(1 + random.nextInt(16_000), 1 + random.nextInt(16_000));
            default -> {
                byte[] b = noise(random, 12 + random.nextInt(300));
                System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
                System.arraycopy("WEBPVP8X".getBytes(StandardCharsets.US_ASCII), 0, b, 8, Math.min(8, b.length - 8));
                yield b;
            }
        };
    }

    /** A real 12,000 x 12,000 grey PNG of zeros: some 20 KB that would inflate to 144 MB of pixels. */
    private static final byte[] BOMB = bomb(12_000);

    /** A real 64 x 64 PNG with 16 bits per sample. */
    private static final byte[] SIXTEEN_BIT_PNG = sixteenBitPng();

    private static byte[] bomb(int side) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(PNG_MAGIC);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        ihdr.writeBytes(
                java.nio.ByteBuffer.allocate(8).putInt(side).putInt(side).array());
        ihdr.writeBytes(new byte[] {8, 0, 0, 0, 0});
        chunk(png, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z =
                new java.util.zip.DeflaterOutputStream(idat, new java.util.zip.Deflater(9))) {
            byte[] row = new byte[side + 1];
            for (int y = 0; y < side; y++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        png.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(name);
        png.writeBytes(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(name);
        crc.update(data);
        png.writeBytes(
                java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] sixteenBitPng() {
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** SOI, Adobe APP14 (CMYK) and a baseline SOF0 with four components, then the end: no scan data. */
    private static byte[] cmykJpegHeader(int width, int height) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8});
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        b.writeBytes(new byte[] {
            (byte) 0xff,
            (byte) 0xc0,
            0,
            20,
            8,
            (byte) (height >> 8),
            (byte) height,
            (byte) (width >> 8),
            (byte) width,
            4,
            1,
            0x11,
            0,
            2,
            0x11,
            0,
            3,
            0x11,
            0,
            4,
            0x11,
            0
        });
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd9});
        return b.toByteArray();
    }

    /** RIFF/WEBP with a VP8X chunk flagging animation, an ANIM chunk and one empty ANMF frame. */
    private static byte[] animatedWebpHeader(int width, int height) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes("VP8X".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {10, 0, 0, 0, 0x02, 0, 0, 0});
        body.writeBytes(new byte[] {
            (byte) (width - 1),
            (byte) ((width - 1) >> 8),
            (byte) ((width - 1) >> 16),
            (byte) (height - 1),
            (byte) ((height - 1) >> 8),
            (byte) ((height - 1) >> 16)
        });
        body.writeBytes("ANIM".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {6, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        body.writeBytes("ANMF".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        ByteArrayOutputStream riff = new ByteArrayOutputStream();
        riff.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        int size = body.size();
        riff.writeBytes(new byte[] {(byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
        riff.writeBytes(body.toByteArray());
        return riff.toByteArray();
    }

    /** A PNG signature and IHDR declaring {@code width} x {@code height}, and no image data. */
    private static byte[] pngHeader(int width, int height) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(PNG_MAGIC);
        b.writeBytes(new byte[] {0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        b.writeBytes(new byte[] {(byte) (width >>> 24), (byte) (width >>> 16), (byte) (width >>> 8), (byte) width});
        b.writeBytes(new byte[] {(byte) (height >>> 24), (byte) (height >>> 16), (byte) (height >>> 8), (byte) height});
        b.writeBytes(new byte[] {8, 6, 0, 0, 0, 0, 0, 0, 0});
        return b.toByteArray();
    }

    private static byte[] noise(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------------------------------------------
    // What counts as stored

    /** The newest job and collection, and the files under uploads and media: a refused request changes none. */
    record Stored(String newestJob, long uploads, long mediaFiles) {}

    private static Stored stored() throws IOException {
        JsonNode page = StudioProcess.json(studio.get("/api/v1/videos?limit=1").body());
        String newest = page.path("data").path(0).path("id").asText("");
        return new Stored(newest, files(studio.dataDir().resolve("uploads")), files(studio.media()));
    }

    private static long files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(
                    StudioProcess.signedIn(request), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void assertNotServerError(HttpResponse<String> r, String input) {
        assertTrue(r.statusCode() < 500, r.statusCode() + " for " + shown(input) + ": " + shown(r.body()));
    }

    private static void assertProblem(HttpResponse<String> r, String input) {
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                "not problem+json (" + r.headers().firstValue("Content-Type") + ") for " + shown(input));
        JsonNode problem = StudioProcess.json(r.body());
        assertEquals(r.statusCode(), problem.path("status").asInt(), shown(r.body()));
        assertTrue(!problem.path("detail").asText().isBlank(), "a problem without detail for " + shown(input));
    }

    private static String shown(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "… (" + s.length() + " chars)" : s;
    }
}
