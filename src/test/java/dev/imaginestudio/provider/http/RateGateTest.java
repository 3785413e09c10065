package dev.imaginestudio.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.testing.fake.ShiftableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RateGateTest {

    record Sent(Instant start, Instant end) {}

    @Test
    void requestsFromManyThreadsGoOneAtATimeSpacedFromTheEndOfThePrevious() throws Exception {
        ShiftableClock clock = new ShiftableClock();
        RateGate gate = new RateGate(clock, Duration.ofMillis(150));
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<Boolean>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> gate.run(Duration.ofSeconds(30), () -> {
                    Instant start = clock.instant();
                    // a request that takes a while to be answered
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sent.add(new Sent(start, clock.instant()));
                    return true;
                })));
            }
            for (Future<Optional<Boolean>> r : results) {
                assertTrue(r.get().orElse(false), "every request had its turn within 30 s");
            }
        } finally {
            pool.shutdownNow();
        }
        List<Sent> ordered =
                sent.stream().sorted(Comparator.comparing(Sent::start)).toList();
        assertEquals(8, ordered.size());
        for (int i = 1; i < ordered.size(); i++) {
            Duration gap =
                    Duration.between(ordered.get(i - 1).end(), ordered.get(i).start());
            assertFalse(
                    gap.compareTo(Duration.ofMillis(150)) < 0,
                    "request " + i + " started " + gap + " after request " + (i - 1) + " ended");
        }
    }

    @Test
    void aRequestThatGetsNoTurnInTimeIsNotSent() throws Exception {
        ShiftableClock clock = new ShiftableClock();
        RateGate gate = new RateGate(clock, Duration.ofMillis(10));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<String>> first = pool.submit(() -> gate.run(Duration.ofSeconds(5), () -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            }));
            assertTrue(inside.await(5, java.util.concurrent.TimeUnit.SECONDS));
            List<String> sentSecond = new ArrayList<>();
            Optional<String> second = gate.run(Duration.ofMillis(50), () -> {
                sentSecond.add("second");
                return "second";
            });
            assertTrue(second.isEmpty());
            assertTrue(sentSecond.isEmpty(), "the request without a turn was sent");
            release.countDown();
            assertEquals("first", first.get().orElseThrow());
            // the turn is free again
            assertEquals("third", gate.run(Duration.ofSeconds(5), () -> "third").orElseThrow());
        } finally {
            pool.shutdownNow();
        }
    }
}
