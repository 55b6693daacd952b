namespace Notes.Lsp.Protocol;
