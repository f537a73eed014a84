// Uploads a media with grpc-js, downloads it, and changes it while the download flows:
// after --after bytes arrived, it either deletes the media through DeleteMedia
// (--change delete) or prints a "holding" line and waits for a line on stdin while the
// test replaces the stored bytes (--change replace). Then it reads on and reports how
// the download ended and how many bytes still arrived after the change returned.
//
//   node tests/interop/change-while-downloading.js --address 127.0.0.1:5000 --change delete [--etag]
//
// Prints {"holding":…} (replace only), then one {"result":…} line; exits 0 when the
// download failed with a status, 1 when it completed (the promise was broken) or on error.
'use strict';

const crypto = require('node:crypto');
const readline = require('node:readline');
const { arg, connect, deadline, upload, unary } = require('./media-client');

const address = arg('address');
const size = Number(arg('size', String(20 * 1024 * 1024)));
const after = Number(arg('after', String(1024 * 1024)));
// Small chunks keep what grpc-js buffers on its side small: it reads up to 16 messages ahead.
const chunkSize = Number(arg('chunk', String(64 * 1024)));
const change = arg('change', 'delete');
const useEtag = process.argv.includes('--etag');
if (!address || !['delete', 'replace'].includes(change)) {
  console.error('usage: change-while-downloading.js --address HOST:PORT --change delete|replace [--etag] [--size N] [--after N] [--chunk N]');
  process.exit(2);
}

const client = connect(address);

function nextStdinLine() {
  const lines = readline.createInterface({ input: process.stdin });
  return new Promise((resolve) => lines.once('line', (line) => { lines.close(); resolve(line); }));
}

async function applyChange(mediaId) {
  if (change === 'delete') {
    await unary(client.media, 'DeleteMedia', { media_id: mediaId }, client.metadata());
  } else {
    console.log(JSON.stringify({ holding: { mediaId } }));
    await nextStdinLine();
  }
}

function downloadAndChange(record) {
  return new Promise((resolve, reject) => {
    const call = client.downloads.Download(client.metadata(), { deadline: deadline() });
    let received = 0;
    let receivedAtChange = null;
    let completed = false;
    let changing = false;
    const finish = (status) => resolve({
      completed,
      code: status ? status.code : 0,
      details: status ? status.details : '',
      receivedAtChange,
      bytesAfterChange: receivedAtChange === null ? null : received - receivedAtChange,
      received,
    });
    call.on('data', (response) => {
      if (response.chunk) {
        received += response.chunk.data.length;
        if (!changing && received >= after) {
          // Stop reading (flow control holds the server back) while the change happens.
          changing = true;
          call.pause();
          applyChange(record.media_id).then(() => {
            receivedAtChange = received;
            call.resume();
          }, reject);
        }
      } else if (response.completed) {
        completed = true;
        call.end();
      }
    });
    call.on('error', (e) => finish(e));
    call.on('end', () => { if (completed) finish(null); });
    call.write({ open: { media_id: record.media_id, chunk_size: chunkSize, if_match_etag: useEtag ? record.etag : '' } });
  });
}

async function main() {
  const record = await upload(client, crypto.randomBytes(size), 1024 * 1024);
  const outcome = await downloadAndChange(record);
  console.log(JSON.stringify({ result: { size, change, etag: useEtag, ...outcome } }));
  process.exit(outcome.completed ? 1 : 0);
}

main().catch((e) => {
  console.error(JSON.stringify({ error: e.message, code: e.code }));
  process.exit(1);
});
