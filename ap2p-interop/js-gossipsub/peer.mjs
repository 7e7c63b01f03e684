// A js-libp2p peer with @chainsafe/libp2p-gossipsub, driven by ap2p's GossipSub interop test over
// stdin/stdout, one JSON object per line (the protocol of ../js/peer.mjs, run by JsPeer).
//
// On start it listens on 127.0.0.1 and prints {"event":"ready","peerId":…,"addrs":[…]}.
// Commands (each answered by {"id":…,"ok":true,…} or {"id":…,"ok":false,"error":…}):
//   {"id":1,"cmd":"connect","addr":MULTIADDR}          → {"peer"}
//   {"id":2,"cmd":"subscribe","topic":T}               → {}
//   {"id":3,"cmd":"publish","topic":T,"data":HEX}      → {"recipients":N}
//   {"id":4,"cmd":"received","topic":T}                → {"messages":[{"from","data":HEX,"seqno"}]}
//   {"id":5,"cmd":"mesh","topic":T}                    → {"mesh":[peer ids],"subscribers":[peer ids]}
//   {"id":6,"cmd":"quit"}
import '../js/polyfill.mjs'
import { createInterface } from 'node:readline'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { gossipsub } from '@chainsafe/libp2p-gossipsub'
import { multiaddr } from '@multiformats/multiaddr'

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify({ agentVersion: 'js-libp2p-gossipsub-interop', maxOutboundStreams: 2 }),
    pubsub: gossipsub({
      globalSignaturePolicy: 'StrictSign',
      emitSelf: false,
      allowPublishToZeroTopicPeers: true,
      heartbeatInterval: 300,
      // every peer of the test is on 127.0.0.1: do not score them down for sharing an address
      scoreParams: { IPColocationFactorWeight: 0 }
    })
  },
  connectionGater: { denyDialMultiaddr: async () => false },
  connectionManager: { inboundConnectionThreshold: 1e9 }
})

const received = new Map()
node.services.pubsub.addEventListener('message', (evt) => {
  const m = evt.detail
  const list = received.get(m.topic) ?? []
  list.push({
    from: m.type === 'signed' ? m.from.toString() : null,
    data: Buffer.from(m.data).toString('hex'),
    seqno: m.type === 'signed' ? m.sequenceNumber.toString() : null
  })
  received.set(m.topic, list)
})

function out (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

async function run (msg) {
  switch (msg.cmd) {
    case 'connect': {
      const c = await node.dial(multiaddr(msg.addr))
      return { peer: c.remotePeer.toString() }
    }
    case 'subscribe':
      node.services.pubsub.subscribe(msg.topic)
      return {}
    case 'publish': {
      const r = await node.services.pubsub.publish(msg.topic, Buffer.from(msg.data, 'hex'))
      return { recipients: r.recipients.length }
    }
    case 'received':
      return { messages: received.get(msg.topic) ?? [] }
    case 'mesh':
      return {
        mesh: node.services.pubsub.getMeshPeers(msg.topic),
        subscribers: node.services.pubsub.getSubscribers(msg.topic).map(p => p.toString())
      }
    case 'quit':
      setTimeout(async () => { await node.stop(); process.exit(0) }, 10)
      return {}
    default:
      throw new Error('unknown command ' + msg.cmd)
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  let msg
  try {
    msg = JSON.parse(line)
  } catch (err) {
    out({ ok: false, error: 'bad json: ' + err.message })
    return
  }
  run(msg).then(
    (r) => out({ id: msg.id, ok: true, ...r }),
    (err) => out({ id: msg.id, ok: false, error: String(err?.stack ?? err) })
  )
})

out({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })
