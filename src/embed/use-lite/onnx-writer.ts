/**
 * Writes ONNX models: just the subset of the format that a hand-built inference graph needs (nodes with int,
 * ints and float attributes, float32 and int64 initializers, typed inputs and outputs).
 *
 * The ONNX file format is a Protocol Buffers message (`onnx.proto`, https://github.com/onnx/onnx). The
 * published JavaScript bindings for it (`onnx-proto`) pin protobufjs 6, which is end-of-life; the handful of
 * messages written here take a few dozen lines of the wire format instead. The field numbers below are
 * those of `onnx.proto`; onnxruntime rejects a malformed model at load time, and the tests load every model
 * this file builds.
 */

/** Protocol Buffers wire format: varints, 32-bit floats and length-delimited fields. */
class ProtoMessage {
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  private scratch: number[] = [];

  /** A varint field (int32, int64 and enum values; negative numbers take ten bytes, as in protobuf). */
  int(field: number, value: number): this {
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.flush();
    this.append(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    this.flush();
    this.append(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A nested message; its parts are shared, not copied, so the weights are copied once, by the outermost `finish`. */
  message(field: number, value: ProtoMessage): this {
    value.flush();
    this.key(field, 2);
    this.varint(value.size);
    this.flush();
    for (const part of value.parts) this.append(part);
    return this;
  }

  finish(): Uint8Array {
    this.flush();
    if (this.parts.length === 1) return this.parts[0]!;
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest >= 0x80n) {
      this.scratch.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.scratch.push(Number(rest));
  }

  private flush(): void {
    if (this.scratch.length === 0) return;
    this.append(Uint8Array.from(this.scratch));
    this.scratch = [];
  }

  private append(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }
}

/** `TensorProto.DataType` values. */
const FLOAT = 1;
const INT64 = 7;
/** `AttributeProto.AttributeType` values. */
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

/** A node attribute: integers as they are, floats wrapped with {@link float} (ONNX types them apart). */
export type Attribute = number | readonly number[] | { readonly float: number };

/** Marks an attribute value as a float. */
export function float(value: number): { readonly float: number } {
  return { float: value };
}

type ElementType = "float32" | "int64";

/** A graph input or output: its element type and dimensions (a string names a dynamic dimension). */
export interface ValueInfo {
  name: string;
  type: ElementType;
  shape: ReadonlyArray<number | string>;
}

/**
 * Builds one ONNX graph. `op` adds a node and returns the names of its outputs, so a graph reads like the
 * computation it performs; `constant` adds an initializer.
 */
export class OnnxGraphBuilder {
  private readonly nodes: ProtoMessage[] = [];
  private readonly initializers: ProtoMessage[] = [];
  private counter = 0;

  /** Adds a float32 or int64 constant and returns its name. */
  constant(dims: readonly number[], data: Float32Array | BigInt64Array | readonly number[], name?: string): string {
    const values = Array.isArray(data) ? BigInt64Array.from(data.map((v) => BigInt(v))) : (data as Float32Array | BigInt64Array);
    const count = dims.reduce((a, b) => a * b, 1);
    if (values.length !== count) throw new RangeError(`constant ${name ?? ""}: ${values.length} values for dims [${dims}]`);
    const tensorName = name ?? this.fresh("const");
    const tensor = new ProtoMessage();
    for (const dim of dims) tensor.int(1, dim);
    tensor.int(2, values instanceof Float32Array ? FLOAT : INT64);
    tensor.string(8, tensorName);
    tensor.bytes(9, littleEndianBytes(values));
    this.initializers.push(tensor);
    return tensorName;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.constant([], Float32Array.of(value));
  }

  /** An int64 vector constant, as ops such as Reshape, Unsqueeze and Split take their shapes and axes. */
  int64s(values: readonly number[]): string {
    return this.constant([values.length], values);
  }

  /** Adds a node of the default ONNX domain; returns its output names (`outputs` of them). */
  op(type: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, outputs = 1): string[] {
    const names = Array.from({ length: outputs }, () => this.fresh(type));
    const node = new ProtoMessage();
    for (const input of inputs) node.string(1, input);
    for (const output of names) node.string(2, output);
    node.string(3, names[0]!);
    node.string(4, type);
    for (const [name, value] of Object.entries(attributes)) node.message(5, encodeAttribute(name, value));
    this.nodes.push(node);
    return names;
  }

  /** Like {@link op} for a node with one output, returning its name. */
  op1(type: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}): string {
    return this.op(type, inputs, attributes)[0]!;
  }

  /** Renames a value so that it can be a graph output. */
  output(value: string, name: string): string {
    const node = new ProtoMessage().string(1, value).string(2, name).string(3, name).string(4, "Identity");
    this.nodes.push(node);
    return name;
  }

  /** Serializes a model of this graph for the given opset of the default domain. */
  build(inputs: readonly ValueInfo[], outputs: readonly ValueInfo[], opset: number): Uint8Array {
    const graph = new ProtoMessage();
    for (const node of this.nodes) graph.message(1, node);
    graph.string(2, "main");
    for (const initializer of this.initializers) graph.message(5, initializer);
    for (const input of inputs) graph.message(11, encodeValueInfo(input));
    for (const output of outputs) graph.message(12, encodeValueInfo(output));
    const model = new ProtoMessage();
    model.int(1, 8); // ir_version 8: the IR of opsets 17 to 18
    model.string(2, "libsql-rag");
    model.message(8, new ProtoMessage().string(1, "").int(2, opset));
    model.message(7, graph);
    return model.finish();
  }

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }
}

function encodeAttribute(name: string, value: Attribute): ProtoMessage {
  const attribute = new ProtoMessage().string(1, name);
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new TypeError(`attribute ${name}: wrap float values with float()`);
    return attribute.int(3, value).int(20, ATTRIBUTE_INT);
  }
  if ("float" in value) return attribute.float(2, value.float).int(20, ATTRIBUTE_FLOAT);
  for (const item of value) attribute.int(8, item);
  return attribute.int(20, ATTRIBUTE_INTS);
}

function encodeValueInfo(info: ValueInfo): ProtoMessage {
  const shape = new ProtoMessage();
  for (const dim of info.shape) {
    const dimension = new ProtoMessage();
    if (typeof dim === "string") dimension.string(2, dim);
    else dimension.int(1, dim);
    shape.message(1, dimension);
  }
  const tensorType = new ProtoMessage().int(1, info.type === "float32" ? FLOAT : INT64).message(2, shape);
  const type = new ProtoMessage().message(1, tensorType);
  return new ProtoMessage().string(1, info.name).message(2, type);
}

/** ONNX stores raw tensor data little-endian, as typed arrays are on every platform onnxruntime-node ships for. */
function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
