// heic-decode ships no types; this covers the part heic.ts uses.
declare module "heic-decode" {
  type DecodedImage = { width: number; height: number; data: Uint8ClampedArray };
  function decode(input: { buffer: ArrayBufferView | ArrayBuffer }): Promise<DecodedImage>;
  export default decode;
}
