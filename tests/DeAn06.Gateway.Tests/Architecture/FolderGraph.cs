using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace DeAn06.Gateway.Tests.Architecture;

/// <summary>
/// Which folders of the compiled gateway use which, read from its metadata and IL: base types and
/// interfaces, fields, properties, events, method signatures, locals, catch clauses, every type,
/// method and field a method body names, attributes (with their typeof arguments), generic arguments
/// and constraints. A nested type (an async state machine, a lambda's closure, a local function's
/// display class) counts for the folder of the type it sits in. The one thing IL does not keep is a
/// compile-time constant (a <c>const</c> such as <c>ErrorCode.AccessDenied</c> or
/// <c>ConsumerRateLimiterPolicy.Name</c>, an enum member): the compiler copies its value into the
/// user. Those uses are found in the folder's source instead (<see cref="AddConstantUses"/>). Still
/// unseen: <c>nameof(OtherFolder.Type)</c> and a constant imported with <c>using static</c>; the code
/// base uses neither across folders.
/// </summary>
/// <remarks>
/// Mono.Cecil rather than NetArchTest: NetArchTest (built on Cecil) answers one yes/no rule at a time,
/// while the test needs the whole graph and the type and member behind each edge to name in its
/// messages. System.Reflection.Metadata would need a signature decoder and an IL opcode reader written
/// here; Cecil has both.
/// </remarks>
internal sealed class FolderGraph
{
    /// <summary>The gateway's root namespace: every folder's namespace is <c>DeAn06.Gateway.&lt;Folder&gt;[.&lt;Sub&gt;]</c>.</summary>
    public const string RootNamespace = "DeAn06.Gateway";

    /// <summary>The pseudo-folder of the types at the project's root (<c>Program</c>, <c>GatewayOptions</c>).</summary>
    public const string Root = "(root)";

    private readonly Dictionary<(string From, string To), string> _edges = [];
    private readonly SortedDictionary<string, SortedSet<string>> _outside = new(StringComparer.Ordinal);

    private FolderGraph()
    {
    }

    /// <summary>Each dependency between two different folders (or <see cref="Root"/>) and the first use found that makes it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges => _edges;

    /// <summary>The folders (and <see cref="Root"/>) that own at least one type.</summary>
    public SortedSet<string> Folders { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Top-level types outside the gateway's namespaces (shared sources compiled in, compiler- and
    /// generator-made types), by namespace, with the gateway folders each one uses.
    /// </summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Outside => _outside;

    /// <summary>
    /// The graph of the assembly at <paramref name="assemblyPath"/>, whose sources (for the constants'
    /// uses) are under <paramref name="projectDirectory"/>.
    /// </summary>
    public static FolderGraph Read(string assemblyPath, string projectDirectory)
    {
        // Attribute arguments of enum types are read through their definitions: resolve them from the
        // test's own output and the shared frameworks the test runs on.
        using var resolver = new DefaultAssemblyResolver();
        foreach (string directory in AppDomain.CurrentDomain.GetAssemblies()
                     .Where(a => !a.IsDynamic && a.Location.Length > 0)
                     .Select(a => Path.GetDirectoryName(a.Location)!)
                     .Append(Path.GetDirectoryName(assemblyPath)!)
                     .Distinct(StringComparer.Ordinal))
        {
            resolver.AddSearchDirectory(directory);
        }

        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(assemblyPath, new ReaderParameters { AssemblyResolver = resolver });
        var graph = new FolderGraph();
        foreach (TypeDefinition type in assembly.MainModule.Types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.Name == "<Module>")
            {
                continue;
            }

            string? folder = FolderOf(type);
            if (folder is not null)
            {
                graph.Folders.Add(folder);
            }
            else if (!graph._outside.ContainsKey(Describe(type)))
            {
                graph._outside[Describe(type)] = new SortedSet<string>(StringComparer.Ordinal);
            }

            new Walker(graph, type, folder).Type(type);
        }

        graph.AddConstantUses(assembly.MainModule, projectDirectory);
        return graph;
    }

    /// <summary>
    /// The folder of a source file of the project: its first directory, <see cref="Root"/> for a file
    /// at the project's root.
    /// </summary>
    public static string FolderOfFile(string projectDirectory, string file)
    {
        string[] parts = Path.GetRelativePath(projectDirectory, file).Split(Path.DirectorySeparatorChar);
        return parts.Length == 1 ? Root : parts[0];
    }

    /// <summary>The project's own C# sources (not obj/ or bin/).</summary>
    public static IEnumerable<string> SourceFiles(string projectDirectory) =>
        Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(projectDirectory, f).Split(Path.DirectorySeparatorChar)[0] is not ("obj" or "bin"))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Adds the dependencies IL cannot show: a use of another folder's constant (<c>Type.Name</c>, the
    /// way the code base names them; a <c>using static</c> import of one would go unseen), in code, not
    /// in comments.
    /// </summary>
    private void AddConstantUses(ModuleDefinition module, string projectDirectory)
    {
        // "Type.Name" of each constant, with the folder that declares it.
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (TypeDefinition type in module.GetTypes())
        {
            if (FolderOf(type) is not { } folder)
            {
                continue;
            }

            foreach (FieldDefinition constant in type.Fields.Where(f => f.HasConstant))
            {
                string name = $"{type.Name}.{constant.Name}";
                // The same simple name in two folders would make a use ambiguous; none is today.
                if (constants.TryGetValue(name, out string? other) && other != folder)
                {
                    throw new InvalidOperationException($"{name} is declared in {other} and {folder}: make the architecture test tell them apart.");
                }

                constants[name] = folder;
            }
        }

        var use = new Regex($@"\b({string.Join('|', constants.Keys.Select(Regex.Escape))})\b", RegexOptions.CultureInvariant);
        foreach (string file in SourceFiles(projectDirectory))
        {
            string folder = FolderOfFile(projectDirectory, file);
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match match in use.Matches(lines[i]))
                {
                    string target = constants[match.Value];
                    if (target != folder)
                    {
                        _edges.TryAdd((folder, target), $"{Path.GetRelativePath(projectDirectory, file)}:{i + 1} uses the constant {match.Value}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// The folder a type belongs to: the first namespace segment under <see cref="RootNamespace"/>,
    /// <see cref="Root"/> for the root namespace and the top-level statements' <c>Program</c>, null
    /// for anything else.
    /// </summary>
    public static string? FolderOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        if (type.Namespace == RootNamespace || (type.Namespace.Length == 0 && type.Name == "Program"))
        {
            return Root;
        }

        return type.Namespace.StartsWith(RootNamespace + ".", StringComparison.Ordinal)
            ? type.Namespace[(RootNamespace.Length + 1)..].Split('.')[0]
            : null;
    }

    private static string Describe(TypeDefinition type) =>
        type.Namespace.Length > 0 ? type.Namespace : type.Name.StartsWith('<') ? "(compiler-generated)" : "(global) " + type.Name;

    /// <summary>Visits everything one top-level type (and its nested types) names.</summary>
    private sealed class Walker(FolderGraph graph, TypeDefinition owner, string? folder)
    {
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);
        private string _where = "";

        public void Type(TypeDefinition type)
        {
            _where = "type " + type.FullName;
            Reference(type.BaseType);
            Attributes(type);
            GenericParameters(type);
            foreach (InterfaceImplementation implemented in type.Interfaces)
            {
                Reference(implemented.InterfaceType);
                Attributes(implemented);
            }

            foreach (FieldDefinition field in type.Fields)
            {
                _where = $"field {type.FullName}.{field.Name}";
                Reference(field.FieldType);
                Attributes(field);
            }

            foreach (PropertyDefinition property in type.Properties)
            {
                _where = $"property {type.FullName}.{property.Name}";
                Reference(property.PropertyType);
                Attributes(property);
                foreach (ParameterDefinition parameter in property.Parameters)
                {
                    Reference(parameter.ParameterType);
                }
            }

            foreach (EventDefinition @event in type.Events)
            {
                _where = $"event {type.FullName}.{@event.Name}";
                Reference(@event.EventType);
                Attributes(@event);
            }

            foreach (MethodDefinition method in type.Methods)
            {
                _where = $"method {type.FullName}.{method.Name}";
                Method(method);
            }

            foreach (TypeDefinition nested in type.NestedTypes)
            {
                Type(nested);
            }
        }

        private void Method(MethodDefinition method)
        {
            Reference(method.ReturnType);
            Attributes(method);
            Attributes(method.MethodReturnType);
            GenericParameters(method);
            foreach (ParameterDefinition parameter in method.Parameters)
            {
                Reference(parameter.ParameterType);
                Attributes(parameter);
            }

            foreach (MethodReference overridden in method.Overrides)
            {
                Member(overridden);
            }

            if (!method.HasBody)
            {
                return;
            }

            foreach (VariableDefinition variable in method.Body.Variables)
            {
                Reference(variable.VariableType);
            }

            foreach (ExceptionHandler handler in method.Body.ExceptionHandlers)
            {
                Reference(handler.CatchType);
            }

            foreach (Instruction instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference type:
                        Reference(type);
                        break;
                    case MemberReference member:
                        Member(member);
                        break;
                    case CallSite site:
                        Reference(site.ReturnType);
                        foreach (ParameterDefinition parameter in site.Parameters)
                        {
                            Reference(parameter.ParameterType);
                        }

                        break;
                }
            }
        }

        private void Member(MemberReference member)
        {
            Reference(member.DeclaringType);
            switch (member)
            {
                case GenericInstanceMethod generic:
                    foreach (TypeReference argument in generic.GenericArguments)
                    {
                        Reference(argument);
                    }

                    Member(generic.ElementMethod);
                    break;
                case MethodReference method:
                    Reference(method.ReturnType);
                    foreach (ParameterDefinition parameter in method.Parameters)
                    {
                        Reference(parameter.ParameterType);
                    }

                    break;
                case FieldReference field:
                    Reference(field.FieldType);
                    break;
            }
        }

        private void GenericParameters(IGenericParameterProvider provider)
        {
            foreach (GenericParameter parameter in provider.GenericParameters)
            {
                Attributes(parameter);
                foreach (GenericParameterConstraint constraint in parameter.Constraints)
                {
                    Reference(constraint.ConstraintType);
                    Attributes(constraint);
                }
            }
        }

        private void Attributes(ICustomAttributeProvider provider)
        {
            foreach (CustomAttribute attribute in provider.CustomAttributes)
            {
                Member(attribute.Constructor);
                foreach (CustomAttributeArgument argument in attribute.ConstructorArguments
                             .Concat(attribute.Fields.Select(f => f.Argument))
                             .Concat(attribute.Properties.Select(p => p.Argument)))
                {
                    Argument(argument);
                }
            }
        }

        private void Argument(CustomAttributeArgument argument)
        {
            Reference(argument.Type);
            switch (argument.Value)
            {
                case TypeReference type:
                    Reference(type);
                    break;
                case CustomAttributeArgument boxed:
                    Argument(boxed);
                    break;
                case CustomAttributeArgument[] array:
                    foreach (CustomAttributeArgument element in array)
                    {
                        Argument(element);
                    }

                    break;
            }
        }

        private void Reference(TypeReference? type)
        {
            if (type is null || type is GenericParameter || !_seen.Add(type))
            {
                return;
            }

            switch (type)
            {
                case GenericInstanceType generic:
                    Reference(generic.ElementType);
                    foreach (TypeReference argument in generic.GenericArguments)
                    {
                        Reference(argument);
                    }

                    return;
                case FunctionPointerType pointer:
                    Reference(pointer.ReturnType);
                    foreach (ParameterDefinition parameter in pointer.Parameters)
                    {
                        Reference(parameter.ParameterType);
                    }

                    return;
                case RequiredModifierType required:
                    Reference(required.ModifierType);
                    Reference(required.ElementType);
                    return;
                case OptionalModifierType optional:
                    Reference(optional.ModifierType);
                    Reference(optional.ElementType);
                    return;
                case TypeSpecification specification:
                    // Arrays, by-refs, pointers, pinned.
                    Reference(specification.ElementType);
                    return;
            }

            if (FolderOf(type) is not { } target)
            {
                return;
            }

            if (folder is null)
            {
                graph._outside[Describe(owner)].Add(target);
                return;
            }

            if (target != folder)
            {
                graph._edges.TryAdd((folder, target), $"{_where} uses {type.FullName}");
            }
        }
    }
}
