/* Smart Kassel forms: solve one ALTCHA challenge off the page's main thread.
 *
 * The altcha 2.x server library issues PBKDF2 challenges: find the counter whose key, derived
 * from nonce + counter (big-endian uint32) with the salt and `cost` iterations, starts with
 * `keyPrefix`. The page posts a challenge; the worker answers {payload} (base64 JSON of the
 * challenge and the solution, as the server verifies it) or {error}.
 */
const MAX_COUNTER = 10000000;

self.onmessage = async (event) => {
  try {
    self.postMessage({ payload: await solve(event.data) });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};

async function solve(challenge) {
  const parameters = challenge.parameters;
  const match = /^PBKDF2\/(SHA-(?:256|384|512))$/i.exec(parameters.algorithm);
  if (!match) throw new Error(`unsupported algorithm ${parameters.algorithm}`);
  const nonce = bytesOf(parameters.nonce);
  const salt = bytesOf(parameters.salt);
  const prefix = parameters.keyPrefix.toLowerCase();
  const length = parameters.keyLength || 32;
  const batch = Math.min(8, Math.max(2, navigator.hardwareConcurrency || 4));
  const started = performance.now();
  for (let first = 0; first < MAX_COUNTER; first += batch) {
    const counters = Array.from({ length: batch }, (_, index) => first + index);
    const keys = await Promise.all(
      counters.map((counter) =>
        derive(nonce, counter, salt, parameters.cost, length, match[1].toUpperCase()),
      ),
    );
    const hit = keys.findIndex((key) => key.startsWith(prefix));
    if (hit >= 0) {
      const solution = {
        counter: counters[hit],
        derivedKey: keys[hit],
        time: Math.round(performance.now() - started),
      };
      return base64(JSON.stringify({ challenge, solution }));
    }
  }
  throw new Error("no solution found");
}

async function derive(nonce, counter, salt, iterations, length, hash) {
  const password = new Uint8Array(nonce.length + 4);
  password.set(nonce);
  new DataView(password.buffer).setUint32(nonce.length, counter, false);
  const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash, salt, iterations },
    key,
    length * 8,
  );
  return Array.from(new Uint8Array(bits), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function bytesOf(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(hex.substr(index * 2, 2), 16);
  }
  return bytes;
}

function base64(text) {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
