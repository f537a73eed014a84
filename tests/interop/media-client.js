// Shared by the grpc-js scripts that drive MediaGrpc: the public contract loaded from
// protos/ with proto-loader (as any generated client in another language would use it),
// stubs on one address, and the upload conversation.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const protoRoot = path.resolve(__dirname, '..', '..', 'protos');

/** Reads `--name value` from the command line. */
function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/**
 * Stubs of every MediaGrpc service on `address`, plus call metadata carrying the API key
 * (or JWT), if any. With `tls` ({ ca, cert, key }: PEM file paths, cert and key optional)
 * the channel is TLS, trusting `ca`, presenting the client certificate if given.
 */
function connect(address, apiKey, tls) {
  const definition = protoLoader.loadSync(
    ['mediagrpc/v1/upload.proto', 'mediagrpc/v1/download.proto', 'mediagrpc/v1/media.proto', 'mediagrpc/v1/transfer.proto'],
    { includeDirs: [protoRoot], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true },
  );
  const v1 = grpc.loadPackageDefinition(definition).mediagrpc.v1;
  const credentials = tls
    ? grpc.credentials.createSsl(
      fs.readFileSync(tls.ca),
      tls.key ? fs.readFileSync(tls.key) : null,
      tls.cert ? fs.readFileSync(tls.cert) : null,
    )
    : grpc.credentials.createInsecure();
  const options = { 'grpc.max_receive_message_length': 8 * 1024 * 1024 };
  return {
    uploads: new v1.UploadService(address, credentials, options),
    downloads: new v1.DownloadService(address, credentials, options),
    media: new v1.MediaService(address, credentials, options),
    transfers: new v1.TransferService(address, credentials, options),
    metadata() {
      const m = new grpc.Metadata();
      if (apiKey) m.set('authorization', `Bearer ${apiKey}`);
      return m;
    },
  };
}

// grpc-js can wait forever on some malformed replies: every call gets a deadline.
const deadline = () => new Date(Date.now() + 120_000);

/** Writes one message, waiting for 'drain' when grpc-js buffers. */
function write(call, message) {
  return new Promise((resolve) => {
    if (call.write(message)) resolve();
    else call.once('drain', resolve);
  });
}

/** Uploads `content` in chunks of `chunkSize` from the persisted offset; resolves with the media record. */
function upload(client, content, chunkSize) {
  return new Promise((resolve, reject) => {
    const call = client.uploads.Upload(client.metadata(), { deadline: deadline() });
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

/** A unary call as a promise. */
function unary(stub, method, request, metadata) {
  return new Promise((resolve, reject) => {
    stub[method](request, metadata, { deadline: deadline() }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/**
 * Makes `count` calls in a row with `call(prepared)`, after `prepare()`, stopping at the
 * first failure. Prints one JSON line, {count, matched, failure}, where a call matched when
 * it resolved true and `failure` names the failed call under `label`; exits 0 when all
 * calls matched.
 */
async function callsInARow(count, label, prepare, call) {
  let matched = 0;
  let failure = null;
  try {
    const prepared = await prepare();
    for (let i = 0; i < count && !failure; i++) {
      try {
        if (await call(prepared)) matched++;
      } catch (e) {
        failure = { [label]: i, code: e.code, details: e.details ?? e.message };
      }
    }
  } catch (e) {
    failure = { code: e.code, details: e.details ?? e.message };
  }

  console.log(JSON.stringify({ count, matched, failure }));
  process.exit(matched === count ? 0 : 1);
}

module.exports = { arg, connect, deadline, write, upload, unary, callsInARow };
