// A js-libp2p peer driven by ap2p's interop tests over stdin/stdout, one JSON object per line.
//
// On start it listens on 127.0.0.1 and prints {"event":"ready","peerId":…,"addrs":[…]}.
// It serves /ipfs/id/1.0.0, /ipfs/ping/1.0.0 and /ap2p/echo/1.0.0 (echoes every byte, then closes).
// Commands (each answered by one line {"id":…,"ok":true,…} or {"id":…,"ok":false,"error":…}):
//   {"id":1,"cmd":"ping","addr":MULTIADDR}                  → {"rtt":ms}
//   {"id":2,"cmd":"identify","addr":MULTIADDR}              → {"peerId","agentVersion","protocols","listenAddrs","observedAddr"}
//   {"id":3,"cmd":"echo","addr":MULTIADDR,"size":N}         → {"bytes":N} after checking the echo
//   {"id":4,"cmd":"bench","seconds":S,"bytes":N}          → js-to-js figures: handshakes/s, single- and
//                                                           16-stream throughput (MiB/s), ping rtt (ms)
//   {"id":5,"cmd":"connect","addr":MULTIADDR}                → {"peer"}
//   {"id":6,"cmd":"provide","tag":TAG}                       → {} once provider records are stored
//   {"id":7,"cmd":"findProviders","tag":TAG,"want":N}        → {"providers":[peer ids]}
// Tags map to ap2p's DHT keys: sha2-256("ap2p/capability/" + tag) as a multihash.
//   {"id":8,"cmd":"quit"}
import './polyfill.mjs'
import { createInterface } from 'node:readline'
import { randomBytes } from 'node:crypto'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { createHash } from 'node:crypto'

const ECHO = '/ap2p/echo/1.0.0'
const KAD = process.env.AP2P_KAD_PROTOCOL ?? '/ap2p/kad/1.0.0'

// ap2p's provider-record key of a capability tag: sha2-256 of "ap2p/capability/<tag>", as a CIDv1
// (raw codec) so js-libp2p's content routing can carry it; on the wire the key is the multihash
function capabilityCid (tag) {
  const digest = createHash('sha256').update('ap2p/capability/' + tag).digest()
  return CID.createV1(0x55, Digest.create(0x12, digest))
}

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    // 2 outbound identify streams: the test's explicit identify may overlap the one js runs by
    // itself when a connection opens (with js's default of 1 it is refused, depending on timing)
    identify: identify({ agentVersion: 'js-libp2p-interop', maxOutboundStreams: 2 }),
    ping: ping(),
    // ap2p's private DHT: its protocol id, server mode, loopback addresses kept
    dht: kadDHT({ protocol: KAD, clientMode: false, peerInfoMapper: passthroughMapper, allowQueryWithZeroPeers: true })
  },
  connectionGater: { denyDialMultiaddr: async () => false },
  connectionManager: { inboundConnectionThreshold: 1e9 }
})

await node.handle(ECHO, ({ stream }) => {
  stream.sink(stream.source).catch(err => stream.abort(err))
}, { maxInboundStreams: 64 })

function out (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

async function echo (addr, size) {
  const payload = randomBytes(size)
  const stream = await node.dialProtocol(multiaddr(addr), ECHO)
  const chunk = 64 * 1024
  const writing = stream.sink((async function * () {
    for (let i = 0; i < size; i += chunk) {
      yield payload.subarray(i, Math.min(size, i + chunk))
    }
  })())
  const received = []
  let n = 0
  for await (const buf of stream.source) {
    const b = buf.subarray()
    received.push(Buffer.from(b))
    n += b.length
  }
  await writing
  const all = Buffer.concat(received)
  if (n !== size || !all.equals(payload)) {
    throw new Error(`echo mismatch: sent ${size} bytes, got ${n}`)
  }
  return { bytes: n }
}

const SINK = '/ap2p/sink/1.0.0'

function sinkHandler ({ stream }) {
  (async () => {
    let n = 0
    for await (const buf of stream.source) {
      n += buf.byteLength
    }
    await stream.sink([new TextEncoder().encode(String(n))])
  })().catch(err => stream.abort(err))
}

async function sendSink (stream, bytes) {
  const chunk = new Uint8Array(64 * 1024)
  await stream.sink((async function * () {
    for (let i = 0; i < bytes; i += chunk.length) {
      yield chunk.subarray(0, Math.min(chunk.length, bytes - i))
    }
  })())
  let answer = ''
  for await (const buf of stream.source) {
    answer += new TextDecoder().decode(buf.subarray())
  }
  if (Number(answer) !== bytes) {
    throw new Error(`sink received ${answer} of ${bytes} bytes`)
  }
}

// js-libp2p against js-libp2p in this process, for comparison with ap2p's own figures
async function bench (seconds, bytes) {
  const server = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() },
    connectionGater: { denyDialMultiaddr: async () => false },
    // js-libp2p refuses more than 5 inbound connections per second per host by default
    connectionManager: { maxConnections: 10000, inboundConnectionThreshold: 1e9, maxIncomingPendingConnections: 1000 }
  })
  await server.handle(SINK, sinkHandler, { maxInboundStreams: 64 })
  const addr = server.getMultiaddrs()[0]
  try {
    // handshakes: dial a fresh connection and close it, for `seconds`
    let handshakes = 0
    const t0 = performance.now()
    while (performance.now() - t0 < seconds * 1000) {
      try {
        const conn = await node.dial(addr)
        await conn.close()
        handshakes++
      } catch (err) {
        throw new Error(`handshake ${handshakes + 1} failed: ${err.message}`)
      }
    }
    const handshakesPerSecond = handshakes / ((performance.now() - t0) / 1000)

    const conn = await node.dial(addr)
    // warm-up, then one stream
    await sendSink(await conn.newStream(SINK), Math.min(bytes, 8 * 1024 * 1024))
    let t = performance.now()
    await sendSink(await conn.newStream(SINK), bytes)
    const single = bytes / 1048576 / ((performance.now() - t) / 1000)
    // 16 streams at once, bytes/16 each
    const per = Math.floor(bytes / 16)
    t = performance.now()
    await Promise.all(Array.from({ length: 16 }, async () => sendSink(await conn.newStream(SINK), per)))
    const multi = (per * 16) / 1048576 / ((performance.now() - t) / 1000)
    // ping round trips
    const rtts = []
    for (let i = 0; i < 200; i++) {
      rtts.push(await node.services.ping.ping(addr))
    }
    rtts.sort((a, b) => a - b)
    return {
      handshakesPerSecond,
      singleStreamMiBps: single,
      sixteenStreamsMiBps: multi,
      pingP50Ms: rtts[Math.floor(rtts.length / 2)]
    }
  } finally {
    await server.stop()
  }
}

async function run (cmd) {
  switch (cmd.cmd) {
    case 'ping':
      return { rtt: await node.services.ping.ping(multiaddr(cmd.addr)) }
    case 'identify': {
      const conn = await node.dial(multiaddr(cmd.addr))
      const r = await node.services.identify.identify(conn)
      return {
        peerId: r.peerId.toString(),
        agentVersion: r.agentVersion,
        protocolVersion: r.protocolVersion,
        protocols: r.protocols,
        listenAddrs: r.listenAddrs.map(a => a.toString()),
        observedAddr: r.observedAddr?.toString()
      }
    }
    case 'connect': {
      const conn = await node.dial(multiaddr(cmd.addr))
      return { peer: conn.remotePeer.toString() }
    }
    case 'provide': {
      await node.contentRouting.provide(capabilityCid(cmd.tag), { signal: AbortSignal.timeout(30000) })
      return {}
    }
    case 'findProviders': {
      const found = []
      try {
        for await (const p of node.contentRouting.findProviders(capabilityCid(cmd.tag), { signal: AbortSignal.timeout(cmd.timeoutMs ?? 15000) })) {
          if (!found.includes(p.id.toString())) {
            found.push(p.id.toString())
          }
          if (cmd.want != null && found.length >= cmd.want) {
            break
          }
        }
      } catch (err) {
        if (found.length === 0 && err.name !== 'AbortError' && err.name !== 'TimeoutError') {
          throw err
        }
      }
      return { providers: found }
    }
    case 'echo':
      return await echo(cmd.addr, cmd.size)
    case 'bench':
      return await bench(cmd.seconds ?? 3, cmd.bytes ?? 64 * 1024 * 1024)
    case 'quit':
      await node.stop()
      out({ id: cmd.id, ok: true })
      process.exit(0)
      break
    default:
      throw new Error('unknown command ' + cmd.cmd)
  }
}

out({
  event: 'ready',
  peerId: node.peerId.toString(),
  addrs: node.getMultiaddrs().map(a => a.toString())
})

const rl = createInterface({ input: process.stdin })
rl.on('line', line => {
  let cmd
  try {
    cmd = JSON.parse(line)
  } catch (e) {
    out({ ok: false, error: 'bad json: ' + e.message })
    return
  }
  run(cmd).then(
    r => out({ id: cmd.id, ok: true, ...r }),
    e => out({ id: cmd.id, ok: false, error: e.message ?? String(e) })
  )
})
rl.on('close', () => { node.stop().then(() => process.exit(0)) })
