-- Drives factoryscope's language server from headless Neovim (0.7 API:
-- vim.lsp.start_client, no vim.lsp.start) the way a user's one click does:
-- open a file, wait for factoryscope's diagnostic, ask for its code action,
-- apply the WorkspaceEdit, check the diagnostic goes away, write the file,
-- shut the server down.
--
-- Inputs come from the environment (set by nvim_test.go). Every outcome,
-- including a failure, is written as JSON to FACTORYSCOPE_RESULT, and
-- Neovim always quits: 0 when every step passed, 1 otherwise.

local uv = vim.loop
local h = _G.harness -- harness.lua, loaded first
local result, step, getenv, finish = h.result, h.step, h.getenv, h.finish

local function realpath(p)
  return uv.fs_realpath(p) or p
end

local function main()
  local bin = getenv('FACTORYSCOPE_BIN')
  local root = getenv('FACTORYSCOPE_ROOT')
  local file = getenv('FACTORYSCOPE_FILE')
  local timeout = tonumber(getenv('FACTORYSCOPE_TIMEOUT_MS'))
  local server_log = getenv('FACTORYSCOPE_SERVER_LOG')

  vim.lsp.set_log_level('debug') -- the Go test shows lsp.log when a step fails

  local want = realpath(file)
  local published = {} -- diagnostics of the latest publish for `file`
  local publishes = 0 -- publishes for `file` so far
  local exited -- {code, signal} once the server process is gone

  local client_id = vim.lsp.start_client({
    name = 'factoryscope',
    cmd = { bin, 'lsp', '-logfile', server_log },
    root_dir = root,
    flags = { debounce_text_changes = 50, exit_timeout = 5000 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
        step(string.format('publishDiagnostics for %s', res and res.uri))
        if res and realpath(vim.uri_to_fname(res.uri)) == want then
          published = res.diagnostics or {}
          publishes = publishes + 1
          step(string.format('publishDiagnostics #%d: %d diagnostic(s)', publishes, #published))
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, config)
      end,
      ['window/showMessage'] = function(_, res)
        table.insert(result.messages, res)
        step('showMessage: ' .. tostring(res and res.message))
      end,
      ['window/logMessage'] = function(_, res)
        table.insert(result.messages, res)
      end,
    },
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
      step(string.format('server exited: code %d, signal %d', code, signal))
    end,
  })
  if not client_id then
    error('vim.lsp.start_client did not start ' .. bin)
  end
  step('started client ' .. client_id)

  local function wait(what, cond)
    local ok = vim.wait(timeout, function()
      return cond() or exited ~= nil
    end, 20)
    if exited and not cond() then
      error(string.format('%s: the server exited (code %d, signal %d) first', what, exited.code, exited.signal))
    end
    if not ok then
      error(string.format('%s: nothing after %d ms', what, timeout))
    end
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'go' -- the languageId of didOpen; -u NONE detects none
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    error('buf_attach_client failed')
  end

  local client
  wait('initialize', function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end)
  result.offset_encoding = client.offset_encoding
  step('initialized, offset encoding ' .. tostring(client.offset_encoding))
  if not client.server_capabilities.codeActionProvider then
    error('the server does not advertise codeActionProvider')
  end

  wait('diagnostics for ' .. file, function()
    return #published > 0
  end)
  result.diagnostics = published
  local diag = published[1]

  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = diag.range,
    context = { diagnostics = { diag } },
  }, timeout)
  if not responses then
    error('textDocument/codeAction: ' .. tostring(err))
  end
  local response = responses[client_id] or {}
  if response.error then
    error('textDocument/codeAction: ' .. vim.inspect(response.error))
  end
  result.actions = response.result or {}
  step(string.format('codeAction: %d action(s)', #result.actions))

  local action
  for _, a in ipairs(result.actions) do
    if a.kind == 'quickfix' then
      action = a
      break
    end
  end
  if not action then
    error('no quickfix among the code actions')
  end
  if not action.edit and action.data ~= nil and client.server_capabilities.codeActionProvider.resolveProvider then
    local resolved = client.request_sync('codeAction/resolve', action, timeout, bufnr)
    if not resolved or resolved.err then
      error('codeAction/resolve: ' .. vim.inspect(resolved))
    end
    action = resolved.result
  end
  if not action.edit then
    error('the quickfix "' .. tostring(action.title) .. '" carries no WorkspaceEdit')
  end

  local before = publishes
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  result.applied = action.title
  step('applied: ' .. tostring(action.title))

  -- The edit reaches the server as didChange; the fixed buffer has nothing left to flag.
  wait('diagnostics cleared after the fix', function()
    return publishes > before and #published == 0
  end)
  result.cleared = true

  vim.cmd('silent write')
  step('wrote ' .. file)

  vim.lsp.stop_client(client_id)
  wait('server exit after shutdown', function()
    return exited ~= nil
  end)
  result.server_exit = exited.code
end

local ok, err = xpcall(main, debug.traceback)
finish(not ok and tostring(err) or nil)
