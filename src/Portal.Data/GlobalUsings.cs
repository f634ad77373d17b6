// Namespaces most files of this project use; a file names only what is particular to it.
global using Microsoft.AspNetCore.Identity;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.EntityFrameworkCore.Diagnostics;
global using Microsoft.EntityFrameworkCore.Metadata.Builders;
global using Microsoft.Extensions.DependencyInjection;
global using Portal.Data.Entities;
global using Portal.Data.Entities.OpenApi;
global using Portal.Data.Entities.Printers;
global using Portal.Data.Entities.Printing;
global using Portal.Data.Tenancy;
