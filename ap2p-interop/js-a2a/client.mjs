// The official A2A SDK (@a2a-js/sdk, pinned in package-lock.json) against ap2p. One command per run,
// one JSON line on stdout:
//   node client.mjs canon CARDS.json           → {"canonical": [the sdk's canonical form of each]}
//   node client.mjs verify CARD.json X         → {"ok": true} or {"ok": false, "error": …}
//                                                 (X: the pinned Ed25519 key, base64url raw bytes)
//   node client.mjs call API_URL TOKEN X       → what the sdk's client saw (call.mjs)
import { readFileSync } from 'node:fs'
import { importJWK } from 'jose'
import { canonicalizeAgentCard, verifyAgentCardSignature } from '@a2a-js/sdk'

const [cmd, ...args] = process.argv.slice(2)
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n')

async function verify (cardFile, x) {
  const card = JSON.parse(readFileSync(cardFile, 'utf8'))
  const pinned = await importJWK({ kty: 'OKP', crv: 'Ed25519', x }, 'EdDSA')
  const kids = []
  // the pinned key, whatever the card's kid says: a card never supplies its own key
  const verifier = verifyAgentCardSignature(async (kid) => { kids.push(kid); return pinned })
  console.debug = () => {} // the sdk logs each failed entry at debug level
  try {
    await verifier(card)
    out({ ok: true, kids })
  } catch (e) {
    out({ ok: false, error: String(e && e.message), kids })
  }
}

async function main () {
  switch (cmd) {
    case 'canon':
      out({ canonical: JSON.parse(readFileSync(args[0], 'utf8')).map(canonicalizeAgentCard) })
      break
    case 'verify':
      await verify(args[0], args[1])
      break
    case 'call': {
      const { call } = await import('./call.mjs')
      out(await call(args[0], args[1], args[2]))
      break
    }
    default:
      throw new Error('unknown command ' + cmd)
  }
}

main().catch((e) => { out({ ok: false, error: String(e && e.stack) }); process.exitCode = 1 })
