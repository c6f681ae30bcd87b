/**
 * The chunks of a web ReadableStream, with getReader rather than for-await: Safari's
 * ReadableStream is not async-iterable.
 */
export async function* webStreamChunks(stream: ReadableStream<Uint8Array | string>): AsyncIterable<Uint8Array | string> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
