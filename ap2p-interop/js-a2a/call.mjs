// @a2a-js/sdk's own client against an ap2p node's A2A endpoint: fetch the card (with the bearer
// token, as the card's securitySchemes ask), verify it under the pinned key, then SendMessage,
// GetTask and CancelTask in A2A 1.0, and message/send in 0.3 through the sdk's compat transport.
import { importJWK } from 'jose'
import { verifyAgentCardSignature } from '@a2a-js/sdk'
import {
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory
} from '@a2a-js/sdk/client'

const USER = 1 // Role.ROLE_USER
const STATES = ['UNSPECIFIED', 'SUBMITTED', 'WORKING', 'COMPLETED', 'FAILED', 'CANCELED',
  'INPUT_REQUIRED', 'REJECTED', 'AUTH_REQUIRED']

function authed (token) {
  return (input, init = {}) => {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined))
    headers.set('Authorization', 'Bearer ' + token)
    return fetch(input, { ...init, headers })
  }
}

function factory (fetchImpl) {
  return new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat: { enabled: true } })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl })
  }))
}

function message (id, part, skill) {
  return { messageId: id, role: USER, parts: [part], metadata: { skill } }
}

const text = (value) => ({ content: { $case: 'text', value }, mediaType: '', filename: '' })
const state = (task) => STATES[task.status?.state] ?? String(task.status?.state)

async function errorOf (promise) {
  try {
    await promise
    return null
  } catch (e) {
    return e?.constructor?.name + ': ' + e?.message
  }
}

export async function call (baseUrl, token, x) {
  const fetchImpl = authed(token)
  const out = {}
  // the card as served (JSON): what a signature covers
  const served = await (await fetchImpl(baseUrl + '/.well-known/agent-card.json')).json()
  const pinned = await importJWK({ kty: 'OKP', crv: 'Ed25519', x }, 'EdDSA')
  console.debug = () => {}
  const verify = verifyAgentCardSignature(async () => pinned)
  out.cardError = await errorOf(verify(served))
  // the sdk's resolver returns protobuf-shaped objects (oneofs as {$case, value}), which the sdk's
  // own canonicalizeAgentCard then drops: verify the JSON, not the resolved object
  const card = await new DefaultAgentCardResolver({ fetchImpl }).resolve(baseUrl)
  out.resolvedCardError = await errorOf(verify(card))
  out.skills = card.skills.map((s) => s.id)

  const client = await factory(fetchImpl).createFromUrl(baseUrl)
  const sum = await client.sendMessage({
    message: message('m1', text('Ants carry leaves. Ants farm fungus. Fungus feeds ants.'), 'text.summarize')
  })
  out.summary = {
    state: state(sum),
    text: sum.artifacts?.[0]?.parts?.[0]?.content?.value ?? null
  }
  out.summaryAgain = state(await client.getTask({ id: sum.id }))

  const img = await client.sendMessage({
    message: message('m2', { content: { $case: 'data', value: { prompt: 'a red fox', width: 64, height: 64 } }, mediaType: '', filename: '' }, 'image.generate')
  })
  const raw = img.artifacts?.[0]?.parts?.[0]
  out.image = {
    state: state(img),
    mediaType: raw?.mediaType ?? null,
    magic: raw?.content?.$case === 'raw' ? Buffer.from(raw.content.value).subarray(1, 4).toString('latin1') : null
  }

  const slow = await client.sendMessage({
    message: message('m3', text('zzz'), 'sleep'),
    configuration: { returnImmediately: true, acceptedOutputModes: [] }
  })
  out.slow = { state: state(slow) }
  out.slow.canceled = state(await client.cancelTask({ id: slow.id }))
  out.slow.after = state(await client.getTask({ id: slow.id }))
  out.slow.cancelAgain = await errorOf(client.cancelTask({ id: slow.id }))
  out.unknownTask = await errorOf(client.getTask({ id: 'no-such-task' }))

  // A2A 0.3 through the sdk's compat transport: a card whose only interface says 0.3
  const legacyCard = { ...card, supportedInterfaces: card.supportedInterfaces.filter((i) => i.protocolVersion === '0.3') }
  const legacy = await factory(fetchImpl).createFromAgentCard(legacyCard)
  const old = await legacy.sendMessage({ message: message('m4', text('One. Two. Three.'), 'text-summarize') })
  out.legacy = {
    protocol: legacy.transport?.protocolVersion ?? null,
    state: state(old),
    text: old.artifacts?.[0]?.parts?.[0]?.content?.value ?? null,
    again: state(await legacy.getTask({ id: old.id }))
  }
  return out
}
