export { parseFilter, matchesEverything, MAX_FILTER_DEPTH, MAX_FILTER_OBJECTS } from "./parse.js";
export type { Filter, FieldOperators, FilterScalar, FilterNode, FieldRef } from "./parse.js";
export { compileFilter, jsonPath, MAX_FILTER_VALUES } from "./compile.js";
export type { CompiledFilter, FilterColumns } from "./compile.js";
export { evaluateFilter } from "./evaluate.js";
export type { FilterableRecord } from "./evaluate.js";
