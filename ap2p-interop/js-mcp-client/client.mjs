// The official MCP TypeScript SDK as a client of `ap2p mcp serve`, for McpClientInteropTest.
// Usage: node client.mjs stdio '<json: {command, args}>'   or   node client.mjs http '<json: {url, token}>'
// Lists the tools, finds the image skill, invokes image.generate (with progress), then starts a
// slow task and cancels it (AbortSignal: the SDK sends notifications/cancelled). Prints one JSON
// line with what it saw; exits 0, or 1 with {"error": ...}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'

const [kind, configText] = process.argv.slice(2)
const config = JSON.parse(configText)

function transport () {
  if (kind === 'stdio') {
    return new StdioClientTransport({ command: config.command, args: config.args, stderr: 'inherit' })
  }
  return new StreamableHTTPClientTransport(new URL(config.url), {
    requestInit: { headers: { Authorization: `Bearer ${config.token}` } }
  })
}

const out = {}
const client = new Client({ name: 'ap2p-interop', version: '0.0.0' })
try {
  await client.connect(transport())
  out.server = client.getServerVersion()
  out.tools = (await client.listTools()).tools.map(t => t.name).sort()

  const found = await client.callTool({
    name: 'find_capabilities',
    arguments: { intent: 'generate an image' }
  })
  if (found.isError) throw new Error(JSON.stringify(found.content))
  out.found = found.structuredContent.matches.map(m => ({ tags: m.tags, why: m.why }))

  const progress = []
  const image = await client.callTool(
    {
      name: 'invoke_capability',
      arguments: { tag: 'image.generate', input: { prompt: 'a blue whale', width: 64, height: 64 } }
    },
    undefined,
    { onprogress: p => progress.push(p), timeout: 60000 }
  )
  const png = image.content.find(c => c.type === 'image')
  out.image = {
    isError: image.isError === true,
    status: image.structuredContent?.status,
    mimeType: png?.mimeType,
    magic: png ? Buffer.from(png.data, 'base64').subarray(0, 4).toString('hex') : null,
    bytes: png ? Buffer.from(png.data, 'base64').length : 0
  }
  out.progress = progress.map(p => p.progress)

  const controller = new AbortController()
  const slowProgress = []
  let task = null
  const slow = client.callTool(
    { name: 'invoke_capability', arguments: { tag: 'test.slow', input: 'hello', deadlineMs: 60000 } },
    undefined,
    {
      signal: controller.signal,
      timeout: 60000,
      onprogress: p => {
        slowProgress.push(p)
        const m = /task ([0-9a-f]+) started/.exec(p.message ?? '')
        if (m) task = m[1]
        if ((p.message ?? '').includes('waiting')) controller.abort('the test cancels')
      }
    }
  )
  try {
    await slow
    out.cancel = { aborted: false }
  } catch (e) {
    out.cancel = { aborted: controller.signal.aborted, task, error: String(e) }
  }
  out.slowProgress = slowProgress.map(p => p.message)
  // the sdk sends notifications/cancelled without waiting for it; over HTTP, close() would abort
  // that POST if it came at once
  await new Promise(resolve => setTimeout(resolve, 1000))
  await client.close()
  console.log(JSON.stringify(out))
  process.exit(0)
} catch (e) {
  console.log(JSON.stringify({ ...out, error: String(e?.stack ?? e) }))
  try { await client.close() } catch {}
  process.exit(1)
}
