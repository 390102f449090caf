-- Loaded with --cmd, before any init.lua: records how language server
-- processes end, so that a script waiting on a server that died fails at
-- once with its exit code instead of timing out. Chains any on_exit.
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
