declare module '*?raw' {
  const content: string;
  export default content;
}

/** The id the build registered each of documents.ts's documents under, by its name there (see vite.config.ts). */
declare module 'virtual:persisted-documents' {
  const ids: Record<string, string>;
  export default ids;
}
