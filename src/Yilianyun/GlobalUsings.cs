// Namespaces most files of this project use; a file names only what is particular to it.
global using Microsoft.Extensions.Options;
global using System.Globalization;
global using System.Text;
global using System.Text.Json;
global using System.Text.Json.Serialization;
