-- Drives Neovim's built-in LSP client (0.7+, no plugins) against the Notes server on a copy of the example vault.
-- Started by scripts/e2e-neovim.sh:  nvim --headless --clean -c "luafile tests/e2e/neovim/run.lua"
-- Environment: NOTES_DOTNET, NOTES_SERVER_DLL, NOTES_VAULT, NOTES_RESULTS (a JSON file written at the end).
local dotnet = os.getenv('NOTES_DOTNET') or 'dotnet'
local dll = assert(os.getenv('NOTES_SERVER_DLL'), 'NOTES_SERVER_DLL not set')
local vault = assert(os.getenv('NOTES_VAULT'), 'NOTES_VAULT not set')
local results_file = assert(os.getenv('NOTES_RESULTS'), 'NOTES_RESULTS not set')
local step_timeout = tonumber(os.getenv('NOTES_STEP_TIMEOUT') or '30') * 1000

if os.getenv('NOTES_LSP_LOG') then vim.lsp.set_log_level(os.getenv('NOTES_LSP_LOG')) end

local results = {}
local diagnostics = {} -- uri -> list of diagnostics, as last published
local client_id

local function say(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

local function finish()
  local failed = 0
  for _, r in ipairs(results) do
    if not r.ok then failed = failed + 1 end
  end
  if #results == 0 then failed = 1 end
  local f = io.open(results_file, 'w')
  if f then
    f:write(vim.fn.json_encode(results))
    f:close()
  end
  say(string.format('%d/%d steps passed', #results - failed, #results))
  if client_id then
    vim.lsp.stop_client(client_id)
    vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 100)
  end
  if failed > 0 then vim.cmd('cquit 1') else vim.cmd('qall!') end
end

--- Runs one check; `fn` returns (ok, detail). Errors count as failures.
local function step(name, fn)
  local started = vim.loop.hrtime()
  local ok, passed, detail = pcall(fn)
  if not ok then passed, detail = false, tostring(passed) end
  local ms = math.floor((vim.loop.hrtime() - started) / 1e6)
  table.insert(results, { name = name, ok = passed and true or false, detail = detail and tostring(detail) or '', ms = ms })
  say(string.format('%s %s (%d ms)%s', passed and 'PASS' or 'FAIL', name, ms, detail and ('  ' .. tostring(detail)) or ''))
end

local function uri_of(file) return vim.uri_from_fname(vault .. '/' .. file) end

--- 0-based line and character of the first `needle` in a buffer, moved right by `offset`.
local function find(bufnr, needle, offset)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = line:find(needle, 1, true)
    if s then return { line = i - 1, character = s - 1 + (offset or 0) } end
  end
  error(needle .. ' not found')
end

local function open(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(vault .. '/' .. file))
  local bufnr = vim.api.nvim_get_current_buf()
  if not vim.lsp.buf_is_attached(bufnr, client_id) then vim.lsp.buf_attach_client(bufnr, client_id) end
  return bufnr
end

--- Sends a request and waits (retrying while the server is still indexing and answers nothing).
local function request(bufnr, method, params, accept)
  local last
  local deadline = vim.loop.now() + step_timeout
  while vim.loop.now() < deadline do
    local answers, err = vim.lsp.buf_request_sync(bufnr, method, params, 5000)
    if answers and answers[client_id] then
      local a = answers[client_id]
      if a.err then last = vim.inspect(a.err) elseif a.result ~= nil and (not accept or accept(a.result)) then return a.result else last = vim.inspect(a.result):sub(1, 300) end
    else
      last = err or 'no answer'
    end
    vim.wait(500)
  end
  error(method .. ': ' .. tostring(last))
end

local function main()
  local default_diagnostics = vim.lsp.handlers['textDocument/publishDiagnostics']
  client_id = vim.lsp.start_client({
    name = 'notes',
    cmd = { dotnet, dll, '--stdio' },
    root_dir = vault,
    workspace_folders = { { uri = vim.uri_from_fname(vault), name = 'vault' } },
    settings = { notes = { linkStyle = 'stem' } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result then diagnostics[result.uri] = result.diagnostics end
        return default_diagnostics(err, result, ctx, config)
      end,
      ['notes/status'] = function() end,
    },
  })
  if not client_id then error('vim.lsp.start_client failed') end

  local toread = open('toread.md')
  step('server initializes', function()
    local ok = vim.wait(step_timeout, function()
      local c = vim.lsp.get_client_by_id(client_id)
      return c ~= nil and c.server_capabilities ~= nil and c.server_capabilities.completionProvider ~= nil
    end, 100)
    return ok, ok and 'completion trigger characters: ' .. table.concat(vim.lsp.get_client_by_id(client_id).server_capabilities.completionProvider.triggerCharacters or {}, ' ') or 'no initialize result'
  end)

  step('definition of [[bert]] is bert.md', function()
    local pos = find(toread, '[[bert]]', 3)
    local res = request(toread, 'textDocument/definition', { textDocument = { uri = uri_of('toread.md') }, position = pos },
      function(r) return not vim.tbl_isempty(r) end)
    local loc = res.uri and res or res[1]
    local uri = loc.uri or loc.targetUri
    return uri == uri_of('bert.md'), uri
  end)

  step('references of [[bert]] list the linking notes', function()
    local pos = find(toread, '[[bert]]', 3)
    local res = request(toread, 'textDocument/references', {
      textDocument = { uri = uri_of('toread.md') }, position = pos, context = { includeDeclaration = false },
    }, function(r) return #r > 0 end)
    local files = {}
    for _, loc in ipairs(res) do files[vim.fn.fnamemodify(vim.uri_to_fname(loc.uri), ':t')] = true end
    local names = vim.tbl_keys(files)
    table.sort(names)
    return files['attention.md'] and files['transformers.md'] and files['toread.md'] and true or false, table.concat(names, ', ')
  end)

  step('hover on [[bert]] previews the note', function()
    local pos = find(toread, '[[bert]]', 3)
    local res = request(toread, 'textDocument/hover', { textDocument = { uri = uri_of('toread.md') }, position = pos })
    local contents = res.contents
    local s = type(contents) == 'table' and (contents.value or vim.inspect(contents)) or tostring(contents)
    return s:lower():find('bert', 1, true) ~= nil, (s:sub(1, 80):gsub('\n', ' '))
  end)

  step('completion after [[ lists notes', function()
    local n = vim.api.nvim_buf_line_count(toread)
    vim.api.nvim_buf_set_lines(toread, n, n, false, { 'see [[gradie' })
    local res = request(toread, 'textDocument/completion', {
      textDocument = { uri = uri_of('toread.md') },
      position = { line = n, character = #'see [[gradie' },
      context = { triggerKind = 1 },
    }, function(r) return #(r.items or r) > 0 end)
    local items = res.items or res
    for _, item in ipairs(items) do
      local insert = (item.textEdit and item.textEdit.newText) or item.insertText or item.label
      if insert:find('gradient-descent', 1, true) then return true, string.format('%d items, "%s" inserts "%s"', #items, item.label, insert) end
    end
    return false, string.format('%d items, none inserts gradient-descent', #items)
  end)

  step('diagnostics: broken link [[project-fairness]] and tag variant #BERT', function()
    local files = { 'deep-learning-next-steps.md', 'gpt3.md', 'self-supervised-learning.md' }
    for _, f in ipairs(files) do open(f) end
    local function has(file, pattern)
      for _, d in ipairs(diagnostics[uri_of(file)] or {}) do
        if (tostring(d.code or '') .. ' ' .. d.message):find(pattern) then return true end
      end
      return false
    end
    local ok = vim.wait(step_timeout, function()
      return has('deep-learning-next-steps.md', 'project%-fairness') and (has('gpt3.md', 'BERT') or has('self-supervised-learning.md', 'BERT'))
    end, 200)
    local found = {}
    for _, f in ipairs(files) do
      for _, d in ipairs(diagnostics[uri_of(f)] or {}) do table.insert(found, f .. ': ' .. tostring(d.code) .. ' ' .. d.message) end
    end
    return ok, table.concat(found, ' | ')
  end)
end

local ok, err = pcall(main)
if not ok then table.insert(results, { name = 'harness', ok = false, detail = tostring(err) }) say('FAIL harness: ' .. tostring(err)) end
finish()
