-- Drives the README's plain-Neovim setup, loaded as init.lua, the way a user
-- does: open a Go file (the setup starts and attaches factoryscope), wait
-- for the diagnostic, put the cursor on it, run vim.lsp.buf.code_action()
-- and pick the quick-fix in the menu, wait for the diagnostic to clear,
-- write the file. No vim.lsp call here does what the setup should do.
--
-- Inputs and output as in quickfix.lua: the environment in, JSON out to
-- FACTORYSCOPE_RESULT, and Neovim always quits (1 on failure).

local h = _G.harness -- harness.lua, loaded first
local result, step, getenv, finish = h.result, h.step, h.getenv, h.finish

local function main()
  local file = getenv('FACTORYSCOPE_FILE')
  local timeout = tonumber(getenv('FACTORYSCOPE_TIMEOUT_MS'))
  vim.lsp.set_log_level('debug')

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  step('opened ' .. file .. ' (filetype ' .. vim.bo[bufnr].filetype .. ')')

  local client
  local function gone() -- set by harness.lua, loaded before init.lua
    return _G.server_exits[1] or (client ~= nil and client.is_stopped() and {})
  end
  local function wait(what, cond)
    local ok = vim.wait(timeout, function()
      return cond() or gone()
    end, 20)
    local e = gone()
    if e and not cond() then
      error(string.format('%s: the server stopped first (exit code %s, signal %s)', what, tostring(e.code), tostring(e.signal)))
    end
    if not ok then
      error(string.format('%s: nothing after %d ms', what, timeout))
    end
  end

  wait('the setup starts and attaches factoryscope', function()
    for _, c in pairs(vim.lsp.get_active_clients()) do
      if c.name == 'factoryscope' and vim.lsp.buf_is_attached(bufnr, c.id) then
        client = c
        return true
      end
    end
    return false
  end)
  result.offset_encoding = client.offset_encoding
  step('attached client ' .. client.id .. ', root ' .. tostring(client.config.root_dir))

  wait('diagnostics', function()
    return #vim.diagnostic.get(bufnr) > 0
  end)
  local diags = vim.diagnostic.get(bufnr)
  for _, d in ipairs(diags) do
    table.insert(result.messages, d.message)
  end
  local d = diags[1]
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  step(string.format('%d diagnostic(s); cursor on %d:%d', #diags, d.lnum + 1, d.col))

  -- The menu a user picks from: items are {client_id, action} up to 0.9
  -- and {action = ..., ctx = ...} from 0.10.
  local offered = {}
  vim.ui.select = function(items, _, on_choice)
    local pick
    for _, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(offered, action.title)
      if action.kind == 'quickfix' and not pick then
        pick = item
      end
    end
    result.offered = offered
    step('menu: ' .. table.concat(offered, ' | '))
    on_choice(pick)
  end
  vim.lsp.buf.code_action()

  wait('the quick-fix edits the buffer', function()
    return vim.bo[bufnr].modified
  end)
  wait('diagnostics cleared after the fix', function()
    return #vim.diagnostic.get(bufnr) == 0
  end)
  result.cleared = true
  vim.cmd('silent write')
  step('wrote ' .. file)
end

local ok, err = xpcall(main, debug.traceback)
finish(not ok and tostring(err) or nil)
