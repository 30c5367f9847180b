/** @crxjs/vite-plugin turns `?script&iife` imports into the built file's path inside the extension. */
declare module '*?script&iife' {
  const path: string;
  export default path;
}
