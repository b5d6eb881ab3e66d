export { parseFilter, matchesEverything } from "./schema.js";
export type { Filter, FieldOperators, FilterScalar, FilterNode, FieldRef } from "./schema.js";
export { compileFilter, jsonPath } from "./compile.js";
export type { CompiledFilter, FilterColumns } from "./compile.js";
export { evaluateFilter } from "./evaluate.js";
export type { FilterableRecord } from "./evaluate.js";
