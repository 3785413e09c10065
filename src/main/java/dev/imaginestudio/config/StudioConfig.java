package dev.imaginestudio.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the studio, under the {@code studio.} prefix. Secrets (API keys, webhook secrets)
 * are read from the environment and are never logged or rendered.
 */
@ConfigMapping(prefix = "studio")
public interface StudioConfig {

    /** Directory holding the H2 database file and the media store. */
    @WithDefault("./data")
    Path dataDir();

    /** Public https base URL of this studio, used for provider webhooks and share links; unset on a local install. */
    Optional<String> publicUrl();

    /**
     * Password of the admin {@code admin} created at a start with no accounts yet ({@code STUDIO_ADMIN_PASSWORD}), so a
     * container or a script starts ready to use; without it the first visitor is led to the setup page.
     */
    Optional<String> adminPassword();

    /** An API token with exactly this value (at least 32 characters) for that first admin ({@code STUDIO_ADMIN_TOKEN}). */
    Optional<String> adminToken();

    /** Logins and sessions. */
    Sessions sessions();

    interface Sessions {
        /** How long a login lasts without logging in again. */
        @WithDefault("14d")
        Duration lifetime();

        /** Failed logins allowed per account and per address within {@code lockout} before more are refused. */
        @WithDefault("5")
        int maxFailures();

        /** The window over which failed logins are counted, and how long refusals last. */
        @WithDefault("15m")
        Duration lockout();
    }

    /**
     * Further host names (without port) this studio answers to, besides the host of {@link #publicUrl()} and loopback
     * (always allowed). A request naming any other host in its {@code Host} header is refused with 421, so a
     * DNS-rebinding page cannot reach the studio under a name of its own.
     */
    Optional<List<String>> allowedHosts();

    /** Model used when a request or the create form names none; the first enabled route's model when unset. */
    Optional<String> defaultModel();

    /**
     * The order in which routes are offered (in the model list and the create form): the first enabled route
     * gives the default model unless {@code studio.default-model} names one. Routes not named follow, the offline
     * preview last.
     */
    @WithDefault("openrouter,xai,aigateway,local")
    List<String> routeOrder();

    /** Studio-wide spending limits; an admin's setting (admin page or API) overrides these. */
    Budget budget();

    interface Budget {
        /** Most the whole studio may spend per UTC day, in US dollars; no limit when unset. */
        Optional<BigDecimal> dailyUsd();

        /** Most the whole studio may spend per UTC month, in US dollars; no limit when unset. */
        Optional<BigDecimal> monthlyUsd();
    }

    /** The job poller. */
    Poller poller();

    /** Limits applied to every job and download. */
    Limits limits();

    /** The offline preview provider. */
    Preview preview();

    /** Input images (first frames and references). */
    Inputs inputs();

    /** The OpenRouter route (model ids are OpenRouter slugs such as {@code x-ai/grok-imagine-video}). */
    OpenRouter openrouter();

    /** The AIgateway route (model id {@code xai/grok-imagine-video}, AIgateway's slug). */
    Aigateway aigateway();

    /** The xAI route, xAI's own API (model id {@code grok-imagine-video}, xAI's name). */
    Xai xai();

    interface Poller {
        /** Whether the scheduled tick runs (off in tests, which call the tick themselves). */
        @WithDefault("true")
        boolean enabled();

        /** How often the poller looks for due jobs. */
        @WithDefault("1s")
        Duration tick();

        /** Most jobs claimed by one tick. */
        @WithDefault("64")
        int batchSize();

        /** Threads that submit, poll and download claimed jobs. */
        @WithDefault("8")
        int workers();

        /**
         * Name of this process in job leases. Defaults to the host name and a random suffix, new at every start, so
         * that no two processes ever share one; set it only to a value unique to each running process.
         */
        Optional<String> instanceId();

        /**
         * How long a claimed job stays leased to this instance before another may take it. Leases of work in
         * progress are renewed every quarter of this, so it bounds how long a crashed instance's jobs wait on a
         * shared database (on embedded H2 they are taken back at the next start).
         */
        @WithDefault("2m")
        Duration lease();

        /** At a normal stop, how long provider calls in flight may take to finish and be recorded. */
        @WithDefault("20s")
        Duration shutdownGrace();
    }

    interface Limits {
        /** Largest provider output accepted by a download, in bytes. */
        @WithDefault("536870912")
        long maxOutputBytes();

        /** Submits a provider may turn away as busy (429, 503) before the job fails as provider_busy; nothing is billed. */
        @WithDefault("20")
        int submitAttempts();

        /**
         * Download attempts made after a provider reports success before the job may fail as download_failed; after
         * these, attempts go on until the provider's output is no longer kept (see {@link #outputLifetime()}).
         */
        @WithDefault("6")
        int downloadAttempts();

        /** Wait before the second download attempt; it doubles per attempt, up to {@link #downloadMaxBackoff()}. */
        @WithDefault("2s")
        Duration downloadBackoff();

        /** Longest wait between two download attempts of one job (a full disk or a long provider outage). */
        @WithDefault("30m")
        Duration downloadMaxBackoff();

        /**
         * How long a provider keeps a finished video for download when it publishes no figure of its own (OpenRouter;
         * xAI is taken as 1 h, AIgateway as 7 days). Failing downloads are retried until then, and "download again"
         * is refused after it.
         */
        @WithDefault("1h")
        Duration outputLifetime();

        /** Polls that may fail in a row (network, 5xx) before the job fails as poll_failed. */
        @WithDefault("30")
        int pollFailures();

        /**
         * Largest request body of an address that takes no images (everything but creating a job and uploading an
         * image): those take quarkus.http.limits.max-body-size, the rest is refused with 413 before it is read.
         */
        @WithDefault("1M")
        MemorySize maxSmallBody();

        /**
         * Large bodies (over max-small-body, or of unknown length) the studio reads at once: each may hold tens of
         * megabytes of images while it is parsed, so this bounds the memory uploads can take; one more is a 503.
         */
        @WithDefault("4")
        int maxLargeBodies();

        /** Longest request line (method, path and query) answered with more than a 414. */
        @WithDefault("8K")
        MemorySize maxUri();

        /** Largest total of request headers answered with more than a 431. */
        @WithDefault("16K")
        MemorySize maxHeaders();
    }

    interface Inputs {
        /** Largest accepted input image, in bytes. */
        @WithDefault("20971520")
        long maxImageBytes();

        /** Largest total of all input images of one job, in bytes (OpenRouter caps a request, base64 included, at 50 MiB). */
        @WithDefault("37748736")
        long maxTotalBytes();

        /** Longest accepted side of an input image, in pixels. */
        @WithDefault("8192")
        int maxImageSide();

        /** Shortest accepted side of an input image, in pixels. */
        @WithDefault("16")
        int minImageSide();

        /** How long an image server may take to accept the connection and send the headers of its answer. */
        @WithDefault("15s")
        Duration fetchTimeout();

        /** The longest an image server may go without sending more of the image once its body has begun. */
        @WithDefault("10s")
        Duration fetchIdleTimeout();

        /** The longest fetching one https input image may take altogether, redirects and the whole body included. */
        @WithDefault("60s")
        Duration fetchDeadline();

        /** How many https input images the studio fetches at once, across all requests. */
        @WithDefault("8")
        int maxConcurrentFetches();

        /**
         * How long a request waits for one of those fetches to finish before its image is refused (HTTP 503): slow
         * image servers cannot take every request thread.
         */
        @WithDefault("2s")
        Duration fetchSlotWait();
    }

    interface Preview {
        /** Whether the offline preview provider (model local/preview) is offered. */
        @WithDefault("true")
        boolean enabled();

        /** Renders that run at the same time; further jobs wait in the provider's queue. */
        @WithDefault("1")
        int concurrency();

        /** Delay before the poller first asks a preview render for progress. */
        @WithDefault("1s")
        Duration firstPoll();

        /** Longest interval between two polls of a preview render. */
        @WithDefault("2s")
        Duration maxPollInterval();

        /** Longest a preview render may take before the job expires. */
        @WithDefault("30m")
        Duration maxWait();
    }

    /** What every hosted route has: a key, timeouts and a polling pace. */
    interface Hosted {
        /**
         * API key, from the route's environment variable (OPENROUTER_API_KEY, AIGATEWAY_API_KEY, XAI_API_KEY); the
         * route is enabled when it is set and not blank.
         */
        Optional<String> apiKey();

        /** How submitted jobs are polled; the provider's own limit (AIgateway 3 s per job, xAI 1 request/s) holds whatever is set. */
        Poll poll();

        /** Longest a job may stay pending or running at the provider before the studio gives up on it (EXPIRED). */
        @WithDefault("30m")
        Duration maxWait();

        /** Time allowed to open a connection to the provider. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Time allowed for the provider to answer one request (for a download: to start answering, and between two reads). */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    interface Poll {
        /** Delay between a submit and the first poll; later polls back off by 1.5x. */
        @WithDefault("5s")
        Duration firstDelay();

        /** Longest interval between two polls of one job (OpenRouter recommends about 30 s). */
        @WithDefault("30s")
        Duration maxInterval();
    }

    interface OpenRouter extends Hosted {
        /** Base URL of OpenRouter's API; the key is sent only to this URL's origin (scheme, host and port). */
        @WithDefault("https://openrouter.ai/api/v1")
        String baseUrl();

        /** Workspace webhook signing secret, from OPENROUTER_WEBHOOK_SECRET; without it webhooks are accepted unsigned. */
        Optional<String> webhookSecret();

        /** Optional attribution header HTTP-Referer sent to OpenRouter (your site's URL). */
        Optional<String> httpReferer();

        /** Optional attribution header X-OpenRouter-Title sent to OpenRouter (your site's name). */
        Optional<String> title();

        /** How often the model catalogue (GET /videos/models) is fetched again; the bundled snapshot is used until then. */
        @WithDefault("1h")
        Duration catalogRefresh();
    }

    interface Aigateway extends Hosted {
        /** Base URL of AIgateway's API; the key is sent only to this URL's origin, never to its media host. */
        @WithDefault("https://api.aigateway.sh/v1")
        String baseUrl();

        /**
         * Webhook signing secret, from AIGATEWAY_WEBHOOK_SECRET (AIgateway's GET /v1/webhook-secret). Jobs carry a
         * webhook_url when studio.public-url is https; without a secret its deliveries are accepted unsigned.
         */
        Optional<String> webhookSecret();
    }

    interface Xai extends Hosted {
        /** Base URL of xAI's API; the key is sent only to this URL's origin, never to the video host (vidgen.x.ai). */
        @WithDefault("https://api.x.ai/v1")
        String baseUrl();
    }
}
