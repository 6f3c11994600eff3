// The one `bootstrap` executable. The runtime loop and the handler registry are added by the runtime work;
// until then this entry point reports that no handler is registered, as an init error would.
Console.Error.WriteLine("bootstrap: no handlers are registered yet");
return 1;
