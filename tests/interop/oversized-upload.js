// Sends one Upload message larger than the server's message-size limit with the official
// Node gRPC implementation (@grpc/grpc-js) and decodes the status it gets back, including
// the google.rpc.Status in grpc-status-details-bin and its mediagrpc.v1.LimitExceeded
// detail, with the public errors.proto.
//
//   node tests/interop/oversized-upload.js --address 127.0.0.1:5000 --size 5242880
//
// Prints one JSON line: {"code":8,"details":"...","limit":"max_message_size","maximum":...}.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
// protobufjs comes with @grpc/proto-loader; it decodes the status details.
const protobuf = require('protobufjs');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const address = arg('address');
const size = Number(arg('size', String(5 * 1024 * 1024)));
if (!address) {
  console.error('usage: oversized-upload.js --address HOST:PORT [--size N]');
  process.exit(2);
}

const protoRoot = path.resolve(__dirname, '..', '..', 'protos');
const definition = protoLoader.loadSync(['mediagrpc/v1/upload.proto'], {
  includeDirs: [protoRoot], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true,
});
const v1 = grpc.loadPackageDefinition(definition).mediagrpc.v1;
const uploads = new v1.UploadService(address, grpc.credentials.createInsecure(), {
  'grpc.max_send_message_length': 64 * 1024 * 1024,
});

// google.rpc.Status (https://github.com/googleapis/googleapis/blob/master/google/rpc/status.proto).
const statusRoot = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        protobuf: { nested: { Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } } } },
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
          },
        },
      },
    },
  },
});
const RpcStatus = statusRoot.lookupType('google.rpc.Status');
const LimitExceeded = protobuf.loadSync(path.join(protoRoot, 'mediagrpc', 'v1', 'errors.proto')).lookupType('mediagrpc.v1.LimitExceeded');

const call = uploads.Upload();
let done = false;
function finish(result, exitCode) {
  if (done) return;
  done = true;
  console.log(JSON.stringify(result));
  process.exit(exitCode);
}

call.on('data', () => {});
call.on('error', (error) => {
  const result = { code: error.code, details: error.details };
  const raw = error.metadata.get('grpc-status-details-bin')[0];
  if (raw) {
    const status = RpcStatus.decode(raw);
    for (const detail of status.details) {
      if (detail.type_url.endsWith('/mediagrpc.v1.LimitExceeded')) {
        const limit = LimitExceeded.toObject(LimitExceeded.decode(detail.value), { longs: Number, defaults: true });
        Object.assign(result, { limit: limit.limit, maximum: limit.maximum, requested: limit.requested });
      }
    }
  }

  finish(result, 0);
});
call.on('end', () => finish({ code: 0 }, 1));

call.write({ start: { media: { display_name: 'too-big.bin' } } });
call.write({ chunk: { offset: 0, data: Buffer.alloc(size, 7) } });
call.end();
