'use strict';
// An interop client for grpc.testing.TestService on @grpc/grpc-js, written for this repo
// from the case descriptions in grpc/doc/interop-test-descriptions.md. It proves any
// interop server (ours: tests/MediaGrpc.Interop.Host; or interop-server.js) the way
// other implementations' clients would.
//
// Usage: node interop-client.js --server_port N [--server_host 127.0.0.1]
//                               [--test_case name[,name...]|all]
// Prints one line per case, "PASS name" or "FAIL name: reason", and exits 0 only when
// every case passed.

const path = require('node:path');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.join(__dirname, 'protos');
const GZIP = 2; // grpc-js compression algorithm numbers: identity 0, deflate 1, gzip 2
const NO_COMPRESS = 2; // grpc-js write flag: send this message uncompressed

function loadTesting() {
    const definition = protoLoader.loadSync('grpc/testing/test.proto', {
        includeDirs: [PROTO_ROOT],
        keepCase: true,
        longs: Number,
        enums: String,
        defaults: true,
    });
    return grpc.loadPackageDefinition(definition).grpc.testing;
}

function parseArgs(argv) {
    const args = { host: '127.0.0.1', port: 0, cases: 'all' };
    for (let i = 0; i < argv.length; i++) {
        const [name, inline] = argv[i].split('=', 2);
        const value = () => (inline !== undefined ? inline : argv[++i]);
        if (name === '--server_host') {
            args.host = value();
        } else if (name === '--server_port') {
            args.port = Number.parseInt(value(), 10);
        } else if (name === '--test_case') {
            args.cases = value();
        } else {
            throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    if (!Number.isInteger(args.port) || args.port <= 0) {
        throw new Error('--server_port N is required');
    }
    return args;
}

const zeros = (size) => Buffer.alloc(size);
const payload = (size) => ({ type: 'COMPRESSABLE', body: zeros(size) });

// Resolves with the response, rejects with the grpc-js error; also reports headers and trailers.
function unary(client, method, request, options = {}) {
    return new Promise((resolve, reject) => {
        const seen = {};
        const call = client[method](request, options.metadata || new grpc.Metadata(), options.callOptions || {},
            (error, response) => {
                // The status event may come after the callback: wait for it.
                setImmediate(() => (error ? reject(Object.assign(error, seen)) : resolve({ response, ...seen })));
            });
        call.on('metadata', (metadata) => { seen.headers = metadata; });
        call.on('status', (status) => { seen.trailers = status.metadata; });
    });
}

// Collects a response stream: resolves with { responses, headers, trailers } or rejects with the error.
function collect(call) {
    return new Promise((resolve, reject) => {
        const responses = [];
        const seen = {};
        call.on('metadata', (metadata) => { seen.headers = metadata; });
        call.on('data', (response) => responses.push(response));
        call.on('error', (error) => reject(Object.assign(error, seen)));
        call.on('status', (status) => {
            seen.trailers = status.metadata;
            if (status.code === grpc.status.OK) {
                resolve({ responses, ...seen });
            }
        });
    });
}

// The next message of a duplex call, or an error if the stream ends first.
function nextMessage(call) {
    return new Promise((resolve, reject) => {
        const onData = (data) => { cleanup(); resolve(data); };
        const onError = (error) => { cleanup(); reject(error); };
        const onEnd = () => { cleanup(); reject(new Error('the response stream ended early')); };
        const cleanup = () => {
            call.off('data', onData);
            call.off('error', onError);
            call.off('end', onEnd);
        };
        call.on('data', onData);
        call.on('error', onError);
        call.on('end', onEnd);
    });
}

async function expectStatus(promise, code, message) {
    try {
        await promise;
    } catch (error) {
        assert.equal(error.code, code, `expected status ${code}, got ${error.code}: ${error.details}`);
        if (message !== undefined) {
            assert.equal(error.details, message);
        }
        return error;
    }
    throw new Error(`expected status ${code}, but the call succeeded`);
}

const REQUEST_SIZES = [27182, 8, 1828, 45904];
const RESPONSE_SIZES = [31415, 9, 2653, 58979];

function makeCases(stubs) {
    const { plain, gzip, unimplemented } = stubs;
    return {
        async empty_unary() {
            const { response } = await unary(plain, 'EmptyCall', {});
            assert.deepEqual(response, {});
        },

        async large_unary() {
            const { response } = await unary(plain, 'UnaryCall', {
                response_type: 'COMPRESSABLE', response_size: 314159, payload: payload(271828),
            });
            assert.equal(response.payload.body.length, 314159);
            assert.ok(response.payload.body.equals(zeros(314159)));
        },

        async client_compressed_unary() {
            // Probe: an uncompressed request that claims to be compressed must be refused.
            await expectStatus(unary(plain, 'UnaryCall', {
                response_size: 314159, payload: payload(271828), expect_compressed: { value: true },
            }), grpc.status.INVALID_ARGUMENT);
            for (const compressed of [true, false]) {
                const { response } = await unary(compressed ? gzip : plain, 'UnaryCall', {
                    response_size: 314159, payload: payload(271828), expect_compressed: { value: compressed },
                });
                assert.equal(response.payload.body.length, 314159);
            }
        },

        async server_compressed_unary() {
            for (const compressed of [true, false]) {
                const { response } = await unary(plain, 'UnaryCall', {
                    response_size: 314159, payload: payload(271828), response_compressed: { value: compressed },
                });
                assert.equal(response.payload.body.length, 314159);
                assert.ok(response.payload.body.equals(zeros(314159)));
            }
        },

        async client_streaming() {
            const done = new Promise((resolve, reject) => {
                const call = plain.StreamingInputCall((error, response) => (error ? reject(error) : resolve(response)));
                for (const size of REQUEST_SIZES) {
                    call.write({ payload: payload(size) });
                }
                call.end();
            });
            const response = await done;
            assert.equal(response.aggregated_payload_size, 74922);
        },

        async client_compressed_streaming() {
            // Probe: the first message claims compression but is sent plain.
            const probe = new Promise((resolve, reject) => {
                const call = plain.StreamingInputCall((error, response) => (error ? reject(error) : resolve(response)));
                call.write({ payload: payload(27182), expect_compressed: { value: true } });
                call.end();
            });
            await expectStatus(probe, grpc.status.INVALID_ARGUMENT);

            const done = new Promise((resolve, reject) => {
                const call = gzip.StreamingInputCall((error, response) => (error ? reject(error) : resolve(response)));
                call.write({ payload: payload(27182), expect_compressed: { value: true } });
                call.write({ payload: payload(45904), expect_compressed: { value: false } }, NO_COMPRESS);
                call.end();
            });
            const response = await done;
            assert.equal(response.aggregated_payload_size, 73086);
        },

        async server_streaming() {
            const call = plain.StreamingOutputCall({
                response_type: 'COMPRESSABLE',
                response_parameters: RESPONSE_SIZES.map((size) => ({ size })),
            });
            const { responses } = await collect(call);
            assert.deepEqual(responses.map((r) => r.payload.body.length), RESPONSE_SIZES);
        },

        async server_compressed_streaming() {
            const call = plain.StreamingOutputCall({
                response_parameters: [
                    { size: 31415, compressed: { value: true } },
                    { size: 92653, compressed: { value: false } },
                ],
            });
            const { responses } = await collect(call);
            assert.deepEqual(responses.map((r) => r.payload.body.length), [31415, 92653]);
        },

        async ping_pong() {
            const call = plain.FullDuplexCall();
            const ended = collect(call);
            for (let i = 0; i < REQUEST_SIZES.length; i++) {
                const next = nextMessage(call);
                call.write({
                    response_type: 'COMPRESSABLE',
                    response_parameters: [{ size: RESPONSE_SIZES[i] }],
                    payload: payload(REQUEST_SIZES[i]),
                });
                const response = await next;
                assert.equal(response.payload.body.length, RESPONSE_SIZES[i]);
            }
            call.end();
            await ended;
        },

        async empty_stream() {
            const call = plain.FullDuplexCall();
            const ended = collect(call);
            call.end();
            const { responses } = await ended;
            assert.equal(responses.length, 0);
        },

        async cancel_after_begin() {
            const done = new Promise((resolve, reject) => {
                const call = plain.StreamingInputCall((error, response) => (error ? reject(error) : resolve(response)));
                setImmediate(() => call.cancel());
            });
            await expectStatus(done, grpc.status.CANCELLED);
        },

        async cancel_after_first_response() {
            const call = plain.FullDuplexCall();
            const ended = collect(call);
            const next = nextMessage(call);
            call.write({ response_parameters: [{ size: 31415 }], payload: payload(27182) });
            const response = await next;
            assert.equal(response.payload.body.length, 31415);
            call.cancel();
            await expectStatus(ended, grpc.status.CANCELLED);
        },

        async timeout_on_sleeping_server() {
            const call = plain.FullDuplexCall({ deadline: Date.now() + 1 });
            const ended = collect(call);
            call.write({ payload: payload(27182) });
            await expectStatus(ended, grpc.status.DEADLINE_EXCEEDED);
        },

        async custom_metadata() {
            const initial = 'test_initial_metadata_value';
            const trailing = Buffer.from([0xab, 0xab, 0xab]);
            const metadata = () => {
                const m = new grpc.Metadata();
                m.set('x-grpc-test-echo-initial', initial);
                m.set('x-grpc-test-echo-trailing-bin', trailing);
                return m;
            };

            const result = await unary(plain, 'UnaryCall', { response_size: 314159, payload: payload(271828) },
                { metadata: metadata() });
            assert.deepEqual(result.headers.get('x-grpc-test-echo-initial'), [initial]);
            assert.deepEqual(result.trailers.get('x-grpc-test-echo-trailing-bin'), [trailing]);

            const call = plain.FullDuplexCall(metadata());
            const ended = collect(call);
            call.write({ response_parameters: [{ size: 314159 }], payload: payload(271828) });
            call.end();
            const streamed = await ended;
            assert.equal(streamed.responses.length, 1);
            assert.deepEqual(streamed.headers.get('x-grpc-test-echo-initial'), [initial]);
            assert.deepEqual(streamed.trailers.get('x-grpc-test-echo-trailing-bin'), [trailing]);
        },

        async status_code_and_message() {
            const status = { code: 2, message: 'test status message' };
            await expectStatus(unary(plain, 'UnaryCall', { response_status: status }), 2, status.message);

            const call = plain.FullDuplexCall();
            const ended = collect(call);
            call.write({ response_status: status });
            call.end();
            await expectStatus(ended, 2, status.message);
        },

        async special_status_message() {
            const message = '\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n';
            await expectStatus(unary(plain, 'UnaryCall', { response_status: { code: 2, message } }), 2, message);
        },

        async unimplemented_method() {
            await expectStatus(unary(plain, 'UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
        },

        async unimplemented_service() {
            await expectStatus(unary(unimplemented, 'UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
        },
    };
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const testing = loadTesting();
    const address = `${args.host}:${args.port}`;
    const credentials = grpc.credentials.createInsecure();
    const stubs = {
        plain: new testing.TestService(address, credentials),
        gzip: new testing.TestService(address, credentials, { 'grpc.default_compression_algorithm': GZIP }),
        unimplemented: new testing.UnimplementedService(address, credentials),
    };
    const cases = makeCases(stubs);
    const names = args.cases === 'all' ? Object.keys(cases) : args.cases.split(',');
    let failed = 0;
    for (const name of names) {
        const run = cases[name];
        try {
            if (!run) {
                throw new Error('unknown test case');
            }
            await run();
            console.log(`PASS ${name}`);
        } catch (error) {
            failed++;
            console.log(`FAIL ${name}: ${(error && (error.stack || error.message)) || error}`.split('\n').slice(0, 4).join(' | '));
        }
    }
    for (const stub of Object.values(stubs)) {
        stub.close();
    }
    console.log(`interop-client: ${names.length - failed} passed, ${failed} failed`);
    process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
});
