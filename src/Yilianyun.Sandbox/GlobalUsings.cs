// Namespaces most files of this project use; a file names only what is particular to it.
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
global using System.Collections.Concurrent;
global using System.Globalization;
global using System.Security.Cryptography;
global using System.Text;
global using System.Text.Json;
global using Yilianyun.Markup;
global using Yilianyun.Sandbox.Api;
global using Yilianyun.Sandbox.Push;
global using Yilianyun.Sandbox.State;
