import type { MetadataFilter, MetadataFilters } from "@llamaindex/core/vector-store";
import { RagError, describeValue } from "../errors.js";
import type { Filter } from "../filter/index.js";

/**
 * Translates LlamaIndex `MetadataFilters` into a libsql-rag filter, compiled to SQL with every key and value
 * bound. `any` matches an array field holding any of the values, `all` one holding every value, `contains` one
 * holding the value (or a string containing it), `text_match` a string containing the value, and `is_empty` a
 * field that is missing or null. An operator LlamaIndex adds later is `INVALID_FILTER`, never ignored.
 */
export function translateFilters(filters: MetadataFilters | undefined): Filter | undefined {
  if (filters === undefined || filters === null) return undefined;
  const list = filters.filters;
  if (!Array.isArray(list)) {
    throw new RagError("INVALID_FILTER", `LlamaIndex MetadataFilters must have a filters array, got ${describeValue(list)}.`);
  }
  if (list.length === 0) return undefined;
  const parts = list.map((f, i) => translateOne(f, i));
  const condition = filters.condition ?? "and";
  if (condition !== "and" && condition !== "or") {
    throw new RagError("INVALID_FILTER", `LlamaIndex filter condition must be "and" or "or", got ${describeValue(condition)}.`);
  }
  if (parts.length === 1) return parts[0];
  return condition === "or" ? { $or: parts } : { $and: parts };
}

function translateOne(filter: MetadataFilter, index: number): Filter {
  const { key, value, operator } = filter ?? ({} as MetadataFilter);
  if (typeof key !== "string" || key.length === 0) {
    throw new RagError("INVALID_FILTER", `LlamaIndex filter ${index} has key ${describeValue(key)}; expected a metadata field name.`, {
      path: `filters[${index}]`,
    });
  }
  const array = (): (string | number)[] => {
    if (!Array.isArray(value) || value.length === 0) {
      throw new RagError("INVALID_FILTER", `LlamaIndex filter "${key}" ${operator} needs a non-empty array of values, got ${describeValue(value)}.`, {
        path: key,
      });
    }
    return value;
  };
  const scalar = (): string | number => {
    if (typeof value !== "string" && typeof value !== "number") {
      throw new RagError("INVALID_FILTER", `LlamaIndex filter "${key}" ${operator} needs a string or number, got ${describeValue(value)}.`, { path: key });
    }
    return value;
  };
  switch (operator) {
    case "==":
      return { [key]: { $eq: scalar() } };
    case "!=":
      return { [key]: { $ne: scalar() } };
    case ">":
      return { [key]: { $gt: scalar() } };
    case ">=":
      return { [key]: { $gte: scalar() } };
    case "<":
      return { [key]: { $lt: scalar() } };
    case "<=":
      return { [key]: { $lte: scalar() } };
    case "in":
    case "any":
      return { [key]: { $in: array() } };
    case "nin":
      return { [key]: { $nin: array() } };
    case "all":
      return { $and: array().map((v) => ({ [key]: { $contains: v } })) };
    case "contains":
    case "text_match":
      return { [key]: { $contains: scalar() } };
    case "is_empty":
      return { $or: [{ [key]: { $exists: false } }, { [key]: { $eq: null } }] };
    default:
      throw new RagError(
        "INVALID_FILTER",
        `LlamaIndex filter "${key}" has operator ${describeValue(operator)}, which libsql-rag does not know; expected one of == != > >= < <= in nin any all contains text_match is_empty.`,
        { path: key },
      );
  }
}
