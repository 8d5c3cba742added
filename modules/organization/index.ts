export * from "./accounts";
export * from "./units";
