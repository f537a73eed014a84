// Makes calls as one caller, with grpc-js, and prints how each went: for identity checks
// (an API key or JWT, a TLS client certificate) and the per-owner call rate limit.
//
//   node tests/interop/calls-as.js --address 127.0.0.1:5001 --ca ca.pem --cert client.pem \
//     --key client.key --action upload
//   node tests/interop/calls-as.js --address 127.0.0.1:5000 --api-key KEY --action limits --repeat 5
//
// --action upload: uploads 64 KiB, then reads its record back (GetMedia);
// --action limits: GetUploadLimits, --repeat times.
// Prints one JSON line: {"calls":[{"ok":true,…} or {"ok":false,"code":…,"message":…,"details":[…]}]}.
// Exits 0 when it could report (whatever the calls answered), 2 on bad arguments.
'use strict';

const crypto = require('node:crypto');
const { arg, connect, upload, unary } = require('./media-client');
const { statusDetails } = require('./status-details');

const address = arg('address');
const action = arg('action', 'limits');
const repeat = Number(arg('repeat', '1'));
if (!address || !['upload', 'limits'].includes(action)) {
  console.error('usage: calls-as.js --address HOST:PORT [--api-key KEY] [--ca CA.pem [--cert C.pem --key C.key]] --action upload|limits [--repeat N]');
  process.exit(2);
}

const tls = arg('ca') ? { ca: arg('ca'), cert: arg('cert'), key: arg('key') } : undefined;
const client = connect(address, arg('api-key'), tls);

function failure(error) {
  return { ok: false, code: error.code, message: error.details, details: statusDetails(error) };
}

async function once() {
  if (action === 'upload') {
    const content = crypto.randomBytes(64 * 1024);
    const media = await upload(client, content, 16 * 1024);
    const record = await unary(client.media, 'GetMedia', { media_id: media.media_id }, client.metadata());
    return { ok: true, mediaId: record.media.media_id, size: Number(record.media.size) };
  }

  const limits = await unary(client.uploads, 'GetUploadLimits', {}, client.metadata());
  return { ok: true, maxMediaSize: Number(limits.max_media_size) };
}

(async () => {
  const calls = [];
  for (let i = 0; i < repeat; i++) {
    try {
      calls.push(await once());
    } catch (error) {
      calls.push(failure(error));
    }
  }
  console.log(JSON.stringify({ calls }));
  process.exit(0);
})();
