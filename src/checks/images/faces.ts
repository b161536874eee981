import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unavailable } from '../../platform/errors.js';

/** What face detection needs from a decoded image. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

interface HumanTensor {
  dispose(): void;
}

interface HumanLike {
  tf: { tensor(values: Uint8Array, shape: number[], dtype: string): HumanTensor; setWasmPaths?: unknown };
  load(): Promise<void>;
  warmup(): Promise<unknown>;
  detect(input: HumanTensor): Promise<{ face: { score: number; boxScore: number }[] }>;
  init(): Promise<void>;
}

let loading: Promise<HumanLike> | undefined;

/**
 * tfjs fetches model files; Node's fetch has no file:// support, so answer file:// URLs from disk and pass
 * everything else through. This keeps model loading off the network entirely.
 */
function installFileFetch(): void {
  const original = globalThis.fetch;
  if ((original as { guardpostFileFetch?: boolean }).guardpostFileFetch) return;
  const patched = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file://')) return new Response(await readFile(fileURLToPath(url)));
    return original(input, init);
  };
  Object.assign(patched, { guardpostFileFetch: true });
  globalThis.fetch = patched as typeof fetch;
}
let loadMs = 0;

const require = createRequire(import.meta.url);

/**
 * Loads @vladmandic/human once, on the wasm backend, with its face detector read from the models shipped in
 * node_modules (file:// URLs, never the network). Lazy so text checks start without paying for it.
 */
export function loadFaceDetector(): Promise<HumanLike> {
  loading ??= (async () => {
    const t0 = performance.now();
    try {
      // The package's export map has no usable key for the wasm build, so resolve its folder by hand.
      const humanDir = path.dirname(path.dirname(require.resolve('@vladmandic/human')));
      const humanEntry = path.join(humanDir, 'dist', 'human.node-wasm.js');
      const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '..', 'dist');
      const mod = require(humanEntry) as {
        default?: { Human: new (config: object) => HumanLike };
        Human?: new (config: object) => HumanLike;
      };
      const HumanClass = mod.Human ?? mod.default?.Human;
      if (!HumanClass) throw new Error('Human class not found');
      const human = new HumanClass({
        backend: 'wasm',
        wasmPath: `${path.resolve(wasmDir)}/`,
        modelBasePath: `${pathToFileURL(path.join(humanDir, 'models')).href}/`,
        debug: false,
        async: true,
        face: {
          enabled: true,
          detector: { enabled: true, rotation: false, maxDetected: 50, minConfidence: 0.5 },
          mesh: { enabled: false },
          iris: { enabled: false },
          description: { enabled: false },
          emotion: { enabled: false },
          antispoof: { enabled: false },
          liveness: { enabled: false },
        },
        body: { enabled: false },
        hand: { enabled: false },
        object: { enabled: false },
        gesture: { enabled: false },
        segmentation: { enabled: false },
        filter: { enabled: false },
      });
      installFileFetch();
      await human.init();
      await human.load();
      loadMs = performance.now() - t0;
      return human;
    } catch (error) {
      loading = undefined;
      throw unavailable(
        'FaceDetectorUnavailable',
        `face detection could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  })();
  return loading;
}

/** How long the last successful model load took (for the bench). */
export function faceDetectorLoadMs(): number {
  return loadMs;
}

/** Counts faces in an RGB image. No recognition: only whether and how many faces appear. */
export async function countFaces(image: RgbImage): Promise<number> {
  const human = await loadFaceDetector();
  const tensor = human.tf.tensor(image.data, [1, image.height, image.width, 3], 'int32');
  try {
    const result = await human.detect(tensor);
    return result.face.length;
  } finally {
    tensor.dispose();
  }
}
