/** Test helper: a multipart/form-data body holding one file, for `app.inject({ payload, headers })`. */
export function multipartFile(
  field: string,
  fileName: string,
  contentType: string,
  bytes: Uint8Array,
): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = '----guardpost-test-file';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
