// Uploads one small media, then re-sends that upload (same idempotency key) many times in a
// row on one grpc-js channel, as a client retrying after lost replies would, each time
// carrying on the conversation it began: finish when accepted, half-close when completed.
// Every re-send must answer the same media.
//
//   node tests/interop/sequential-resends.js --address 127.0.0.1:5000 --count 200
//
// Prints one JSON line: how many re-sends answered the media, and the first failure's status
// if any; exits 0 when all of them did.
'use strict';

const crypto = require('node:crypto');
const { arg, callsInARow, connect, deadline, write } = require('./media-client');

const address = arg('address');
const count = Number(arg('count', '200'));
if (!address) {
  console.error('usage: sequential-resends.js --address HOST:PORT [--count N]');
  process.exit(2);
}

const client = connect(address);
const key = `resend-${crypto.randomBytes(8).toString('hex')}`;
const content = crypto.randomBytes(4096);

function send() {
  return new Promise((resolve, reject) => {
    const call = client.uploads.Upload(client.metadata(), { deadline: deadline() });
    let media = null;
    call.on('data', async (response) => {
      try {
        if (response.accepted) {
          if (Number(response.accepted.persisted_offset) < content.length) {
            await write(call, { chunk: { offset: 0, data: content } });
          }
          await write(call, { finish: {} });
        } else if (response.completed) {
          media = response.completed.media;
          call.end();
        }
      } catch (e) {
        reject(e);
      }
    });
    call.on('error', reject);
    call.on('end', () => (media ? resolve(media) : reject(new Error('upload ended without completion'))));
    call.write({
      start: { media: { display_name: 'resend.bin', kind: 'MEDIA_KIND_FILE', declared_size: content.length }, idempotency_key: key },
    });
  });
}

callsInARow(count, 'resend', send, async (first) => (await send()).media_id === first.media_id);
