// Uploads random bytes to a MediaGrpc server and downloads them back with the official
// Node gRPC implementation (@grpc/grpc-js), over both bidirectional streams, and checks
// the SHA-256 of both sides. Loads the public contract from protos/ with proto-loader,
// as any generated client in another language would use it.
//
//   node tests/interop/media-roundtrip.js --address 127.0.0.1:5000 --size 20971520
//
// Prints one JSON line with the result; exits 0 when the bytes match, 1 otherwise.
'use strict';

const path = require('node:path');
const crypto = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const address = arg('address');
const size = Number(arg('size', String(1024 * 1024)));
const chunkSize = Number(arg('chunk', String(1024 * 1024)));
const apiKey = arg('api-key');
if (!address) {
  console.error('usage: media-roundtrip.js --address HOST:PORT [--size N] [--chunk N] [--api-key KEY]');
  process.exit(2);
}

const protoRoot = path.resolve(__dirname, '..', '..', 'protos');
const definition = protoLoader.loadSync(
  ['mediagrpc/v1/upload.proto', 'mediagrpc/v1/download.proto', 'mediagrpc/v1/media.proto'],
  { includeDirs: [protoRoot], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true },
);
const v1 = grpc.loadPackageDefinition(definition).mediagrpc.v1;
const credentials = grpc.credentials.createInsecure();
const options = { 'grpc.max_receive_message_length': 8 * 1024 * 1024 };
const uploads = new v1.UploadService(address, credentials, options);
const downloads = new v1.DownloadService(address, credentials, options);
const media = new v1.MediaService(address, credentials, options);

function metadata() {
  const m = new grpc.Metadata();
  if (apiKey) m.set('authorization', `Bearer ${apiKey}`);
  return m;
}

// grpc-js can wait forever on some malformed replies: every call gets a deadline.
const deadline = () => new Date(Date.now() + 120_000);

function write(call, message) {
  return new Promise((resolve) => {
    if (call.write(message)) resolve();
    else call.once('drain', resolve);
  });
}

function upload(content) {
  return new Promise((resolve, reject) => {
    const call = uploads.Upload(metadata(), { deadline: deadline() });
    let accepted = null;
    let completed = null;
    call.on('data', async (response) => {
      if (response.accepted && !accepted) {
        accepted = response.accepted;
        try {
          for (let offset = accepted.persisted_offset; offset < content.length; offset += chunkSize) {
            const data = content.subarray(offset, Math.min(offset + chunkSize, content.length));
            await write(call, { chunk: { offset, data } });
          }
          await write(call, { finish: {} });
          call.end();
        } catch (e) {
          reject(e);
        }
      } else if (response.completed) {
        completed = response.completed.media;
      }
    });
    call.on('error', reject);
    call.on('end', () => (completed ? resolve(completed) : reject(new Error('upload ended without completion'))));
    call.write({ start: { media: { display_name: 'interop.bin', kind: 'MEDIA_KIND_FILE', declared_size: content.length } } });
  });
}

function download(mediaId) {
  return new Promise((resolve, reject) => {
    const call = downloads.Download(metadata(), { deadline: deadline() });
    const hash = crypto.createHash('sha256');
    let header = null;
    let received = 0;
    let done = false;
    call.on('data', (response) => {
      if (response.header) {
        header = response.header;
      } else if (response.chunk) {
        if (!header) return reject(new Error('chunk before header'));
        if (Number(response.chunk.offset) !== received) return reject(new Error(`chunk at ${response.chunk.offset}, expected ${received}`));
        hash.update(response.chunk.data);
        received += response.chunk.data.length;
      } else if (response.completed) {
        done = true;
        call.end();
      }
    });
    call.on('error', reject);
    call.on('end', () => (done ? resolve({ header, received, sha256: hash.digest('hex') }) : reject(new Error('download ended without completion'))));
    call.write({ open: { media_id: mediaId } });
  });
}

function getMedia(mediaId) {
  return new Promise((resolve, reject) => {
    media.GetMedia({ media_id: mediaId }, metadata(), { deadline: deadline() }, (err, res) => (err ? reject(err) : resolve(res.media)));
  });
}

async function main() {
  const content = crypto.randomBytes(size);
  const sourceSha256 = crypto.createHash('sha256').update(content).digest('hex');
  const record = await upload(content);
  const fetched = await getMedia(record.media_id);
  const got = await download(record.media_id);
  const result = {
    mediaId: record.media_id,
    size,
    sourceSha256,
    recordSha256: Buffer.from(fetched.sha256).toString('hex'),
    downloadedSha256: got.sha256,
    headerLength: Number(got.header.length),
    received: got.received,
  };
  console.log(JSON.stringify(result));
  const ok = result.recordSha256 === sourceSha256 && result.downloadedSha256 === sourceSha256 && got.received === size;
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(JSON.stringify({ error: e.message, code: e.code }));
  process.exit(1);
});
