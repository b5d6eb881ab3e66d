import { RagError, describeValue } from "../errors.js";

/** What the AI SDK's model objects have in common: who serves them, and their name there. */
interface ModelObject {
  provider?: string;
  modelId: string;
}

/**
 * Throws `INVALID_ARGUMENT` unless `model` is an AI SDK model object with the method `method` (a model id string
 * is told to be the provider's model object instead).
 *
 * @example
 * checkModelObject(model, "aiSdkReranker", "RerankingModel", "doRerank");
 */
export function checkModelObject(model: unknown, caller: string, kind: string, method: string): void {
  if (model !== null && typeof model === "object" && typeof (model as Record<string, unknown>)[method] === "function") return;
  const got = typeof model === "string" ? `the id string ${JSON.stringify(model)}; pass the provider's model object` : describeValue(model);
  throw new RagError("INVALID_ARGUMENT", `${caller} expects an AI SDK ${kind} (with ${method}), got ${got}.`);
}

/** `<prefix>:<provider>:<modelId>`, or `<prefix>:<modelId>` for a model that names no provider. */
export function modelObjectId(prefix: string, model: ModelObject): string {
  return `${prefix}:${model.provider ? `${model.provider}:` : ""}${model.modelId}`;
}
