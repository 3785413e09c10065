// Drives a running studio with OpenRouter's official TypeScript SDK, changing only the base URL and the key.
// Env: BASE_URL (e.g. http://127.0.0.1:8081/api/v1), API_KEY (a studio API token).
// Prints one JSON document on stdout: what each step got; OpenRouterSdkTest asserts on it.
// The studio's poller does not run in tests: the Java test ticks the worker while this script polls.
import { OpenRouter } from "@openrouter/sdk";

const baseUrl = process.env.BASE_URL;
const apiKey = process.env.API_KEY;
if (!baseUrl || !apiKey) {
  console.error("BASE_URL and API_KEY must be set");
  process.exit(2);
}

const sdk = new OpenRouter({ serverURL: baseUrl, apiKey });
const result = { sdkVersion: null, steps: {} };

try {
  const { createRequire } = await import("node:module");
  result.sdkVersion = createRequire(import.meta.url)("@openrouter/sdk/package.json").version;
} catch {
  // the version is informational only
}

/** What a thrown error looks like from the caller's side: the SDK's class and the HTTP status it carries. */
function describe(e) {
  return {
    name: e?.constructor?.name ?? typeof e,
    statusCode: e?.statusCode ?? null,
    contentType: e?.contentType ?? e?.headers?.get?.("content-type") ?? null,
    message: String(e?.message ?? e).slice(0, 500),
    // a ResponseValidationError's zod issues: which fields of the studio's answer the SDK's schema refused
    issues: Array.isArray(e?.cause?.issues)
      ? [...new Set(e.cause.issues.map((i) => `${i.path.map((p) => (typeof p === "number" ? "[]" : p)).join(".")}: ${i.message}`))]
      : undefined,
  };
}

async function step(name, fn) {
  try {
    result.steps[name] = { ok: true, value: await fn() };
  } catch (e) {
    result.steps[name] = { ok: false, error: describe(e) };
  }
  return result.steps[name];
}

const submitted = await step("submit", () =>
  sdk.videoGeneration.generate({
    videoGenerationRequest: {
      model: "local/preview",
      prompt: "A paper boat drifting across a calm pond at dawn",
      duration: 1,
      resolution: "480p",
      aspectRatio: "16:9",
    },
  }),
);

if (submitted.ok) {
  const id = submitted.value.id;
  await step("poll", async () => {
    const seen = [];
    const deadline = Date.now() + 240_000;
    for (;;) {
      const status = await sdk.videoGeneration.getGeneration({ jobId: id });
      if (seen[seen.length - 1] !== status.status) seen.push(status.status);
      if (["completed", "failed", "cancelled", "expired"].includes(status.status)) {
        return { final: status, statuses: seen };
      }
      if (Date.now() > deadline) throw new Error(`still ${status.status} after 240 s; saw ${seen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  await step("content", async () => {
    const stream = await sdk.videoGeneration.getVideoContent({ jobId: id, index: 0 });
    const bytes = Buffer.from(await new Response(stream).arrayBuffer());
    return { bytes: bytes.length, boxType: bytes.subarray(4, 8).toString("latin1") };
  });
}

await step("wrongKey", () =>
  new OpenRouter({ serverURL: baseUrl, apiKey: "not-a-studio-token" }).videoGeneration.getGeneration({
    jobId: "anything",
  }),
);

await step("notFound", () => sdk.videoGeneration.getGeneration({ jobId: "no-such-job" }));

await step("badRequest", () =>
  sdk.videoGeneration.generate({
    videoGenerationRequest: { model: "local/preview", prompt: "", duration: 1, resolution: "480p" },
  }),
);

await step("models", async () => {
  const list = await sdk.videoGeneration.listVideosModels();
  return { ids: list.data.map((m) => m.id) };
});

console.log(JSON.stringify(result));
