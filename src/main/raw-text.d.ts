/** Files the build inlines as text (vite's `?raw`): the pinned release key (src/main/core-process.ts). */
declare module '*.pub?raw' {
  const text: string;
  export default text;
}
