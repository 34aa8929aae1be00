// png-chunks-encode ships no types (CommonJS, one default export).
declare module 'png-chunks-encode' {
  export interface PngChunk {
    name: string;
    data: Uint8Array;
  }
  export default function encodeChunks(chunks: readonly PngChunk[]): Uint8Array;
}
