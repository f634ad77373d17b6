// Namespaces most files of this project use; a file names only what is particular to it.
global using Microsoft.Playwright;
global using Portal.E2E.Infrastructure;
global using System.Diagnostics;
global using System.Net;
global using System.Text;
global using System.Text.RegularExpressions;
