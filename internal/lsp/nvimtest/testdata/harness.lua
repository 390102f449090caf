-- Loaded with --cmd, before any init.lua and before the test script.
--
-- 1. Records how language server processes end, so that a script waiting on
--    a server that died fails at once with its exit code instead of timing
--    out. Chains any on_exit.
-- 2. Gives the test scripts their shared plumbing as _G.harness: the result
--    table written as JSON to FACTORYSCOPE_RESULT, step logging, required
--    environment variables, and finish, which always quits Neovim (0 when
--    every step passed, 1 otherwise).
_G.server_exits = {}
local start_client = vim.lsp.start_client
vim.lsp.start_client = function(config)
  local on_exit = config.on_exit
  config.on_exit = function(code, signal, client_id)
    table.insert(_G.server_exits, { code = code, signal = signal, name = config.name })
    if on_exit then
      return on_exit(code, signal, client_id)
    end
  end
  return start_client(config)
end

local uv = vim.loop
local started = uv.hrtime()
local h = { result = { steps = {}, messages = {} } }

function h.step(msg)
  local line = string.format('%6d ms  %s', math.floor((uv.hrtime() - started) / 1e6), msg)
  table.insert(h.result.steps, line)
  io.stderr:write(line .. '\n') -- still there if the test has to kill Neovim
end

function h.getenv(name)
  local v = os.getenv(name)
  if v == nil or v == '' then
    error(name .. ' is not set')
  end
  return v
end

function h.finish(err)
  if err then
    h.result.error = err
  end
  local ok, encoded = pcall(vim.fn.json_encode, h.result)
  if not ok then
    encoded = vim.fn.json_encode({ error = 'cannot encode result: ' .. tostring(encoded), steps = h.result.steps })
  end
  local path = os.getenv('FACTORYSCOPE_RESULT')
  local f = path and io.open(path, 'w')
  if f then
    f:write(encoded)
    f:close()
  else
    io.stderr:write(encoded .. '\n')
  end
  vim.cmd(err and 'cquit 1' or 'qall!')
end

_G.harness = h
