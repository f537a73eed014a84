// Uploads a media with grpc-js, downloads it, and after --after bytes arrived cancels the
// download's transfer through TransferService.CancelTransfer (as its owner would from
// anywhere), then reads on. Reports how the download ended, with the typed details of
// the status trailer decoded (see status-details.js):
//
//   node tests/interop/cancel-while-downloading.js --address 127.0.0.1:5000
//
// Prints one {"result":…} line; exits 0 when the download failed with a status, 1 otherwise.
'use strict';

const crypto = require('node:crypto');
const { arg, connect, deadline, upload, unary } = require('./media-client');
const { statusDetails } = require('./status-details');

const address = arg('address');
const size = Number(arg('size', String(20 * 1024 * 1024)));
const after = Number(arg('after', String(1024 * 1024)));
if (!address) {
  console.error('usage: cancel-while-downloading.js --address HOST:PORT [--size N] [--after N]');
  process.exit(2);
}

const client = connect(address);

function downloadAndCancel(record) {
  return new Promise((resolve, reject) => {
    const call = client.downloads.Download(client.metadata(), { deadline: deadline() });
    let transferId = null;
    let received = 0;
    let cancelling = false;
    let completed = false;
    call.on('data', (response) => {
      if (response.header) {
        transferId = response.header.transfer_id;
      } else if (response.chunk) {
        received += response.chunk.data.length;
        if (!cancelling && received >= after) {
          // Cancel from "elsewhere" while this client keeps reading, as a real one would.
          cancelling = true;
          unary(client.transfers, 'CancelTransfer', { transfer_id: transferId }, client.metadata()).catch(reject);
        }
      } else if (response.completed) {
        completed = true;
        call.end();
      }
    });
    call.on('error', (error) => resolve({
      completed, code: error.code, message: error.details, details: statusDetails(error), transferId, received,
    }));
    call.on('end', () => { if (completed) resolve({ completed, code: 0, details: [], transferId, received }); });
    call.write({ open: { media_id: record.media_id, chunk_size: 64 * 1024 } });
  });
}

async function main() {
  const record = await upload(client, crypto.randomBytes(size), 1024 * 1024);
  const outcome = await downloadAndCancel(record);
  console.log(JSON.stringify({ result: outcome }));
  process.exit(outcome.completed ? 1 : 0);
}

main().catch((e) => {
  console.error(JSON.stringify({ error: e.message, code: e.code }));
  process.exit(1);
});
