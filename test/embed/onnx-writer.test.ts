import { describe, expect, it } from "vitest";
import { OnnxGraphBuilder, float } from "../../src/embed/use-lite/onnx-writer.js";

interface Ort {
  InferenceSession: { create(model: Uint8Array): Promise<{ run(feeds: object): Promise<Record<string, { data: unknown; dims: number[] }>> }> };
  Tensor: new (type: string, data: Float32Array, dims: number[]) => object;
}

describe("OnnxGraphBuilder", () => {
  it("writes a model that onnxruntime loads and computes: int, negative int, ints and float attributes, int64 and float constants", async () => {
    const ort = (await import("onnxruntime-node")).default as unknown as Ort;
    const g = new OnnxGraphBuilder();
    // y = LayerNorm(Reshape(x, [-1, 4]) * 2 + bias, epsilon 0.5), transposed; and z = Softmax over the last axis.
    const reshaped = g.op1("Reshape", ["x", g.int64s([-1, 4])]);
    const scaled = g.op1("Add", [g.op1("Mul", [reshaped, g.scalar(2)]), g.constant([4], Float32Array.of(0, 1, 2, 3))]);
    const normalized = g.op1("LayerNormalization", [scaled, g.constant([4], Float32Array.of(1, 1, 1, 1))], {
      axis: -1,
      epsilon: float(0.5),
    });
    g.output(g.op1("Transpose", [normalized], { perm: [1, 0] }), "y");
    g.output(g.op1("Softmax", [scaled], { axis: -1 }), "z");
    const model = g.build(
      [{ name: "x", type: "float32", shape: ["n"] }],
      [
        { name: "y", type: "float32", shape: [4, "rows"] },
        { name: "z", type: "float32", shape: ["rows", 4] },
      ],
      17,
    );
    const session = await ort.InferenceSession.create(model);
    const x = Float32Array.of(1, 2, 3, 4, 0, 0, 0, 0);
    const { y, z } = await session.run({ x: new ort.Tensor("float32", x, [8]) });

    const rows = [
      [2, 5, 8, 11],
      [0, 1, 2, 3],
    ];
    const expectedY: number[][] = [[], [], [], []];
    const expectedZ: number[] = [];
    for (const row of rows) {
      const mean = row.reduce((a, b) => a + b, 0) / 4;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      row.forEach((v, c) => expectedY[c]!.push((v - mean) / Math.sqrt(variance + 0.5)));
      const sum = row.reduce((a, b) => a + Math.exp(b), 0);
      expectedZ.push(...row.map((v) => Math.exp(v) / sum));
    }
    expect(y!.dims).toEqual([4, 2]);
    Array.from(y!.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(expectedY.flat()[i]!, 5));
    Array.from(z!.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(expectedZ[i]!, 5));
  });

  it("refuses constants whose data does not fit their dims, and float values given as integer attributes", () => {
    const g = new OnnxGraphBuilder();
    expect(() => g.constant([2, 2], Float32Array.of(1, 2, 3))).toThrow(RangeError);
    expect(() => g.op1("LayerNormalization", ["x"], { epsilon: 0.5 })).toThrow(TypeError);
  });
});
