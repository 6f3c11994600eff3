#!/usr/bin/env python3
"""Generates the typed Step Functions / EventBridge / DataZone / CloudFormation request and response records,
operation registries, client interfaces and paginators from the official botocore models.

Run from the repository root:  python3 functions/SmusServerless.Aws/Generator/generate_clients.py
(add --check to only compare: it exits 1 and names each committed file that differs from what it would write).
The models live in vendor/aws-models (see its README). The wire (<Service>Shapes.g.cs, <Service>Operations.g.cs:
records, operation bindings, JSON metadata) goes to functions/SmusServerless.Aws.Wire/<Service>/Generated, the typed
clients and paginators (<Service>Clients.g.cs) to functions/SmusServerless.Aws/<Service>/Generated.
Only the operations listed in OPERATIONS are generated: exactly those the pipeline calls.
"""
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODELS = os.path.join(ROOT, "vendor", "aws-models")
AWS_PROJECT = os.path.join(ROOT, "functions", "SmusServerless.Aws")
WIRE_PROJECT = os.path.join(ROOT, "functions", "SmusServerless.Aws.Wire")

SERVICES = [
    {
        "folder": "StepFunctions", "model": "stepfunctions", "namespace": "SmusServerless.Aws.StepFunctions",
        "client": "StepFunctionsClient", "context": "StepFunctionsJsonContext", "protocol": "AwsJson1_0",
        "operations": ["StartExecution", "DescribeExecution", "GetExecutionHistory",
                       "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat"],
        # Task tokens are bearer secrets for a waiting execution: never print them.
        "extra_sensitive": {"taskToken"},
    },
    {
        "folder": "EventBridge", "model": "events", "namespace": "SmusServerless.Aws.EventBridge",
        "client": "EventBridgeClient", "context": "EventBridgeJsonContext", "protocol": "AwsJson1_1",
        "operations": ["PutEvents"],
        "extra_sensitive": set(),
        # Global endpoints are signed with SigV4a, which this client does not implement.
        "unsupported": {"PutEvents": {"EndpointId": "EndpointId (EventBridge global endpoints) needs SigV4a, which this client does not implement; publish to a regional bus instead."}},
    },
    {
        "folder": "DataZone", "model": "datazone", "namespace": "SmusServerless.Aws.DataZone",
        "client": "DataZoneClient", "context": "DataZoneJsonContext", "protocol": "RestJson1",
        "operations": [
            "ListDomains", "GetDomain", "CreateDomain",
            "ListProjects", "GetProject", "CreateProject",
            "ListProjectProfiles", "GetProjectProfile", "CreateProjectProfile",
            "CreateProjectMembership", "ListProjectMemberships",
            "SearchUserProfiles", "GetUserProfile", "SearchGroupProfiles",
            "ListTagsForResource",
            "ListEnvironments", "GetEnvironment", "CreateEnvironment",
            "ListEnvironmentBlueprints", "ListEnvironmentBlueprintConfigurations",
            "ListConnections", "GetConnection", "CreateConnection",
            "SearchListings", "Search", "GetListing",
            "CreateSubscriptionRequest", "GetSubscriptionRequestDetails", "ListSubscriptionRequests",
            "AcceptSubscriptionRequest", "RejectSubscriptionRequest",
            "ListSubscriptions", "GetSubscription",
            "ListSubscriptionGrants", "GetSubscriptionGrant",
        ],
        "extra_sensitive": set(),
    },
    {
        # awsQuery: deploy reads the pipeline stack's outputs (form-encoded request, XML response).
        "folder": "CloudFormation", "model": "cloudformation", "namespace": "SmusServerless.Aws.CloudFormation",
        "client": "CloudFormationClient", "context": "CloudFormationJsonContext", "protocol": "AwsQuery",
        "operations": ["DescribeStacks"],
        "extra_sensitive": set(),
    },
]

G = "global::"
JSON_NAME = G + "System.Text.Json.Serialization.JsonPropertyName"
JSON_IGNORE = G + "System.Text.Json.Serialization.JsonIgnore"
JSON_CONVERTER = G + "System.Text.Json.Serialization.JsonConverter"
EPOCH = G + "SmusServerless.Aws.Protocols.EpochSecondsConverter"
ISO = G + "SmusServerless.Aws.Protocols.Iso8601TimestampConverter"
QUERY = G + "SmusServerless.Aws.Protocols.Query."
RESERVED_MEMBER_NAMES = {"EqualityContract", "ToString", "GetHashCode", "Equals", "GetType", "Clone"}


def pascal(name):
    return name[0].upper() + name[1:]


def enum_constant(value, used, class_name):
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", value) if p]
    name = "".join(p[0].upper() + p[1:].lower() if p.isupper() or p.islower() else p[0].upper() + p[1:] for p in parts) or "Empty"
    if name[0].isdigit():
        name = "Value" + name
    if name == class_name:
        name += "Value"
    base, i = name, 2
    while name in used:
        name = f"{base}{i}"
        i += 1
    used.add(name)
    return name


def cs_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ServiceGenerator:
    def __init__(self, cfg):
        self.cfg = cfg
        path = os.path.join(MODELS, cfg["model"], "service-2.json")
        with open(path, "rb") as f:
            raw = f.read()
        self.sha = hashlib.sha256(raw).hexdigest()
        self.model = json.loads(raw)
        self.shapes = self.model["shapes"]
        pag_path = os.path.join(MODELS, cfg["model"], "paginators-1.json")
        self.paginators = json.load(open(pag_path))["pagination"] if os.path.exists(pag_path) else {}
        self.structures = []
        self.enums = []
        self._seen = set()
        for op in cfg["operations"]:
            o = self.model["operations"][op]
            for key in ("input", "output"):
                if key in o:
                    self.walk(o[key]["shape"])

    def walk(self, name):
        if name in self._seen:
            return
        self._seen.add(name)
        s = self.shapes[name]
        t = s["type"]
        if t == "structure":
            if s.get("document"):
                raise SystemExit(f"document shape {name} is not supported by the generator")
            self.structures.append(name)
            for m in s["members"].values():
                self.walk(m["shape"])
        elif t == "list":
            self.walk(s["member"]["shape"])
        elif t == "map":
            self.walk(s["key"]["shape"])
            self.walk(s["value"]["shape"])
        elif t == "string" and "enum" in s:
            self.enums.append(name)

    def cs_type(self, shape_name):
        s = self.shapes[shape_name]
        t = s["type"]
        if t == "string":
            return "string"
        if t == "integer":
            return "int"
        if t == "long":
            return "long"
        if t == "boolean":
            return "bool"
        if t in ("double", "float"):
            return "double"
        if t == "blob":
            return "byte[]"
        if t == "timestamp":
            return G + "System.DateTimeOffset"
        if t == "list":
            inner = self.shapes[s["member"]["shape"]]["type"]
            if inner == "timestamp":
                raise SystemExit(f"list of timestamps ({shape_name}) is not supported by the generator")
            return f"{G}System.Collections.Generic.IReadOnlyList<{self.cs_type(s['member']['shape'])}>"
        if t == "map":
            if self.shapes[s["value"]["shape"]]["type"] == "timestamp":
                raise SystemExit(f"map of timestamps ({shape_name}) is not supported by the generator")
            return f"{G}System.Collections.Generic.IReadOnlyDictionary<string, {self.cs_type(s['value']['shape'])}>"
        if t == "structure":
            return shape_name
        raise SystemExit(f"unsupported shape type {t} ({shape_name})")

    def is_value_type(self, shape_name):
        return self.shapes[shape_name]["type"] in ("integer", "long", "boolean", "double", "float", "timestamp")

    def prop_name(self, struct_name, member):
        p = pascal(member)
        if p == struct_name or p in RESERVED_MEMBER_NAMES:
            p += "Value"
        return p

    def is_sensitive(self, member, shape_name):
        return bool(self.shapes[shape_name].get("sensitive")) or member in self.cfg["extra_sensitive"]

    # ---------------------------------------------------------------- shapes
    def emit_shapes(self):
        out = [self.header(), f"namespace {self.cfg['namespace']};", ""]
        for name in self.structures:
            s = self.shapes[name]
            required = set(s.get("required", []))
            doc = "Exactly one member is set (a union)." if s.get("union") else None
            out.append(f"/// <summary>Shape <c>{name}</c> of the {self.model['metadata']['serviceFullName']} model." + (f" {doc}" if doc else "") + "</summary>")
            out.append(f"public sealed partial record {name}")
            out.append("{")
            sensitive_members = []
            for member, ref in s["members"].items():
                shape_name = ref["shape"]
                prop = self.prop_name(name, member)
                typ = self.cs_type(shape_name)
                loc = ref.get("location")
                attrs = []
                if loc in ("uri", "querystring", "header", "headers", "statusCode"):
                    where = {"uri": "URI label", "querystring": "query parameter", "header": "header", "headers": "headers", "statusCode": "status code"}[loc]
                    attrs.append(f"[{JSON_IGNORE}] // {where} {ref.get('locationName', member)}")
                else:
                    attrs.append(f"[{JSON_NAME}({cs_string(member)})]")
                    if self.shapes[shape_name]["type"] == "timestamp":
                        fmt = ref.get("timestampFormat") or self.shapes[shape_name].get("timestampFormat")
                        # awsQuery records are read and written through JSON as an intermediate form: epoch seconds
                        # there, the wire format is the query shape's (QueryShape.TimestampFormat).
                        query = self.cfg["protocol"] == "AwsQuery"
                        attrs.append(f"[{JSON_CONVERTER}(typeof({ISO if fmt == 'iso8601' and not query else EPOCH}))]")
                        if fmt not in (None, "iso8601", "unixTimestamp") and not query:
                            raise SystemExit(f"timestamp format {fmt} not supported ({name}.{member})")
                req = " Required." if member in required else ""
                if self.is_sensitive(member, shape_name):
                    sensitive_members.append(prop)
                    req += " Sensitive: never printed."
                out.append(f"    /// <summary>Member <c>{member}</c> ({shape_name}).{req}</summary>")
                for a in attrs:
                    out.append(f"    {a}")
                out.append(f"    public {typ}? {prop} {{ get; init; }}")
                out.append("")
            if sensitive_members:
                out.append("    // Records print every member by default; secrets must not reach logs or error messages.")
                out.append(f"    private bool PrintMembers(global::System.Text.StringBuilder builder)")
                out.append("    {")
                first = True
                for member, ref in s["members"].items():
                    prop = self.prop_name(name, member)
                    sep = "" if first else ", "
                    first = False
                    if prop in sensitive_members:
                        out.append(f"        builder.Append(\"{sep}{prop} = \").Append({prop} is null ? \"null\" : \"***\");")
                    else:
                        out.append(f"        builder.Append(\"{sep}{prop} = \").Append({prop});")
                out.append("        return true;")
                out.append("    }")
            if out[-1] == "":
                out.pop()
            out.append("}")
            out.append("")
        for name in self.enums:
            s = self.shapes[name]
            used = set()
            out.append(f"/// <summary>Values of the enum shape <c>{name}</c>.</summary>")
            out.append(f"public static class {name}")
            out.append("{")
            consts = []
            for v in s["enum"]:
                c = enum_constant(v, used, name)
                consts.append(c)
                out.append(f"    public const string {c} = {cs_string(v)};")
            out.append(f"    /// <summary>Every value the model allows.</summary>")
            out.append(f"    public static global::System.Collections.Generic.IReadOnlyList<string> All {{ get; }} = [{', '.join(consts)}];")
            out.append("}")
            out.append("")
        return "\n".join(out)

    # ------------------------------------------------------------ operations
    def emit_operations(self):
        cfg = self.cfg
        md = self.model["metadata"]
        ctx = cfg["context"]
        svc_class = cfg["folder"] + "Service"
        out = [self.header(), f"namespace {cfg['namespace']};", ""]
        out.append(f"/// <summary>Service metadata of {md['serviceFullName']} ({md['apiVersion']}).</summary>")
        out.append(f"public static class {svc_class}")
        out.append("{")
        target = cs_string(md["targetPrefix"]) if "targetPrefix" in md else "null"
        out.append(f"    public static global::SmusServerless.Aws.Protocols.AwsServiceMetadata Metadata {{ get; }} = new(")
        out.append(f"        ServiceId: {cs_string(md['serviceId'])}, SigningName: {cs_string(md.get('signingName', md['endpointPrefix']))},")
        out.append(f"        EndpointPrefix: {cs_string(md['endpointPrefix'])}, ApiVersion: {cs_string(md['apiVersion'])},")
        xmlns = f", XmlNamespace: {cs_string(md['xmlNamespace'])}" if cfg["protocol"] == "AwsQuery" and "xmlNamespace" in md else ""
        out.append(f"        Protocol: global::SmusServerless.Aws.Protocols.AwsProtocol.{cfg['protocol']}, TargetPrefix: {target}{xmlns});")
        out.append("}")
        out.append("")
        out.append(f"/// <summary>Every {md['serviceId']} operation this project calls, with its wire binding from the model.</summary>")
        out.append(f"public static class {cfg['folder']}Operations")
        out.append("{")
        names = []
        for op in cfg["operations"]:
            o = self.model["operations"][op]
            in_shape = o["input"]["shape"]
            out_shape = o["output"]["shape"]
            http = o["http"]
            s = self.shapes[in_shape]
            required = s.get("required", [])
            members = []
            for member, ref in s["members"].items():
                loc = {"uri": "Uri", "querystring": "Query", "header": "Header"}.get(ref.get("location"), "Body")
                wire = ref.get("locationName", member)
                members.append(f"new(\"{member}\", \"{self.prop_name(in_shape, member)}\", {cs_string(wire)}, global::SmusServerless.Aws.Protocols.MemberLocation.{loc}, Required: {str(member in required).lower()}, IdempotencyToken: {str(bool(ref.get('idempotencyToken'))).lower()})")
            bound = [(m, r) for m, r in s["members"].items() if r.get("location") in ("uri", "querystring", "header")]
            value_switch = " ".join(f"\"{m}\" => r.{self.prop_name(in_shape, m)}," for m, _ in bound)
            missing = []
            for m in required:
                missing.append(f"if (r.{self.prop_name(in_shape, m)} is null) yield return \"{m}\";")
            tokens = [m for m, r in s["members"].items() if r.get("idempotencyToken")]
            names.append(op)
            out.append(f"    /// <summary>{op}: {http['method']} {http['requestUri']}.</summary>")
            out.append(f"    public static global::SmusServerless.Aws.Protocols.AwsOperation<{in_shape}, {out_shape}> {op} {{ get; }} = new(")
            out.append(f"        Service: {svc_class}.Metadata, Name: \"{op}\", HttpMethod: \"{http['method']}\", RequestUri: {cs_string(http['requestUri'])}, SuccessStatusCode: {http.get('responseCode', 200)},")
            out.append(f"        InputShape: \"{in_shape}\", OutputShape: \"{out_shape}\",")
            out.append(f"        InputMembers: [{', '.join(members)}],")
            out.append(f"        RequestTypeInfo: {ctx}.Default.{in_shape}, ResponseTypeInfo: {ctx}.Default.{out_shape},")
            out.append(f"        BoundMemberValue: static (r, member) => member switch {{ {value_switch} _ => null }},")
            out.append(f"        MissingRequiredMembers: static r => {op}Missing(r),")
            if tokens:
                assigns = ", ".join(f"{self.prop_name(in_shape, t)} = r.{self.prop_name(in_shape, t)} ?? newToken()" for t in tokens)
                out.append(f"        FillIdempotencyTokens: static (r, newToken) => r with {{ {assigns} }},")
            else:
                out.append(f"        FillIdempotencyTokens: null,")
            secrets = [self.prop_name(in_shape, m) for m, r in s["members"].items()
                       if self.shapes[r["shape"]]["type"] == "string" and self.is_sensitive(m, r["shape"])]
            out.append(f"        SensitiveValues: {'static r => [' + ', '.join('r.' + x for x in secrets) + ']' if secrets else 'null'},")
            binders = []
            for m, r in bound:
                t = self.shapes[r["shape"]]["type"]
                prop = self.prop_name(in_shape, m)
                parse = {"string": "text", "integer": "global::SmusServerless.Aws.Protocols.AwsWireFormat.ParseInt(text)",
                         "long": "global::SmusServerless.Aws.Protocols.AwsWireFormat.ParseLong(text)",
                         "boolean": "global::SmusServerless.Aws.Protocols.AwsWireFormat.ParseBool(text)"}.get(t)
                if parse is None:
                    raise SystemExit(f"bound member {op}.{m} of type {t} is not supported by the generator")
                binders.append(f"\"{m}\" => r with {{ {prop} = {parse} }},")
            out.append(f"        BindMember: static (r, member, text) => member switch {{ {' '.join(binders)} _ => r }},")
            unsupported = cfg.get("unsupported", {}).get(op, {})
            query_args = f", InputQueryShape: {cfg['folder']}QueryShapes.{in_shape}, OutputQueryShape: {cfg['folder']}QueryShapes.{out_shape}" if cfg["protocol"] == "AwsQuery" else ""
            if unsupported:
                checks = " ?? ".join(f"(r.{self.prop_name(in_shape, m)} is null ? null : {cs_string(msg)})" for m, msg in unsupported.items())
                out.append(f"        UnsupportedUse: static r => {checks}{query_args});")
            else:
                out.append(f"        UnsupportedUse: null{query_args});")
            out.append("")
            out.append(f"    private static global::System.Collections.Generic.IEnumerable<string> {op}Missing({in_shape} r)")
            out.append("    {")
            for line in missing:
                out.append(f"        {line}")
            out.append("        yield break;")
            out.append("    }")
            out.append("")
        out.append("    /// <summary>The registry: every operation above, for tests and tooling that walk them.</summary>")
        out.append(f"    public static global::System.Collections.Generic.IReadOnlyList<global::SmusServerless.Aws.Protocols.IAwsOperation> All {{ get; }} = [{', '.join(names)}];")
        out.append("}")
        out.append("")
        if cfg["protocol"] == "AwsQuery":
            out.extend(self.emit_query_shapes())
        # JSON context
        out.append("/// <summary>Source-generated (AOT-safe) JSON metadata for every record of this service.</summary>")
        out.append("[global::System.Text.Json.Serialization.JsonSourceGenerationOptions(DefaultIgnoreCondition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]")
        for name in self.structures:
            out.append(f"[global::System.Text.Json.Serialization.JsonSerializable(typeof({name}))]")
        out.append(f"public sealed partial class {ctx} : global::System.Text.Json.Serialization.JsonSerializerContext")
        out.append("{")
        out.append("}")
        out.append("")
        return "\n".join(out)

    def query_scalar(self, shape_name, ref=None):
        s = self.shapes[shape_name]
        kind = {"string": "String", "boolean": "Boolean", "integer": "Integer", "long": "Long", "float": "Float",
                "double": "Double", "blob": "Blob", "timestamp": "Timestamp"}.get(s["type"])
        if kind is None:
            raise SystemExit(f"awsQuery: unsupported shape type {s['type']} ({shape_name})")
        fmt = f", {cs_string(s['timestampFormat'])}" if "timestampFormat" in s else ""
        return f"{QUERY}QueryShape.Scalar({QUERY}QueryShapeKind.{kind}{fmt})"

    def query_ref(self, shape_name):
        # The '!': shapes refer to each other lazily (recursion), after every initializer has run.
        return shape_name + "!" if self.shapes[shape_name]["type"] in ("structure", "list", "map") else self.query_scalar(shape_name)

    def query_member(self, name, ref):
        args = [cs_string(name), self.query_ref(ref["shape"])]
        if "locationName" in ref:
            args.append(f"LocationName: {cs_string(ref['locationName'])}")
        if ref.get("flattened"):
            args.append("Flattened: true")
        if "timestampFormat" in ref:
            args.append(f"TimestampFormat: {cs_string(ref['timestampFormat'])}")
        return f"new {QUERY}QueryMember({', '.join(args)})"

    def emit_query_shapes(self):
        """The awsQuery serialisation traits of every structure, list and map reached (form keys, XML names)."""
        out = [f"/// <summary>The awsQuery traits of the {self.model['metadata']['serviceId']} shapes above (form keys and XML element names).</summary>",
               f"public static class {self.cfg['folder']}QueryShapes", "{"]
        for name in sorted(self._query_shapes()):
            s = self.shapes[name]
            t = s["type"]
            flat = ", flattened: true" if s.get("flattened") else ""
            if t == "structure":
                members = ", ".join(self.query_member(m, r) for m, r in s["members"].items())
                value = f"{QUERY}QueryShape.Structure(static () => [{members}])"
            elif t == "list":
                value = f"{QUERY}QueryShape.List(static () => {self.query_member('member', s['member'])}{flat})"
            else:
                key = self.query_member("key", s["key"])
                val = self.query_member("value", s["value"])
                value = f"{QUERY}QueryShape.Map(static () => {key}, static () => {val}{flat})"
            out.append(f"    public static {QUERY}QueryShape {name} {{ get; }} = {value};")
        out.append("}")
        out.append("")
        return out

    def _query_shapes(self):
        return [n for n in self._seen if self.shapes[n]["type"] in ("structure", "list", "map")]

    # --------------------------------------------------------------- clients
    def emit_clients(self):
        cfg = self.cfg
        md = self.model["metadata"]
        svc_class = cfg["folder"] + "Service"
        out = [self.header(), f"namespace {cfg['namespace']};", ""]
        # client interface + implementation
        iface = "I" + cfg["client"]
        out.append(f"/// <summary>The {md['serviceId']} operations this project uses, shaped like the AWS SDK's <c>IAmazon{cfg['folder']}</c>.</summary>")
        out.append(f"public partial interface {iface}")
        out.append("{")
        for op in cfg["operations"]:
            o = self.model["operations"][op]
            out.append(f"    global::System.Threading.Tasks.Task<{o['output']['shape']}> {op}Async({o['input']['shape']} request, global::System.Threading.CancellationToken cancellationToken = default);")
        out.append("}")
        out.append("")
        out.append(f"/// <summary>{md['serviceId']} over HTTPS with SigV4 (or a local service URL); see README.</summary>")
        out.append(f"public sealed partial class {cfg['client']} : {iface}")
        out.append("{")
        out.append("    private readonly global::SmusServerless.Aws.Http.AwsServiceClient _client;")
        out.append("")
        out.append(f"    public {cfg['client']}(global::SmusServerless.Aws.Http.AwsClientOptions options)")
        out.append(f"        => _client = new global::SmusServerless.Aws.Http.AwsServiceClient({svc_class}.Metadata, options);")
        out.append("")
        for op in cfg["operations"]:
            o = self.model["operations"][op]
            out.append(f"    public global::System.Threading.Tasks.Task<{o['output']['shape']}> {op}Async({o['input']['shape']} request, global::System.Threading.CancellationToken cancellationToken = default)")
            out.append(f"        => _client.InvokeAsync({cfg['folder']}Operations.{op}, request, cancellationToken);")
            out.append("")
        out.pop()
        out.append("}")
        out.append("")
        # paginators
        pag_ops = [op for op in cfg["operations"] if op in self.paginators]
        if pag_ops:
            out.append(f"/// <summary>Paginators from paginators-1.json: follow <c>nextToken</c> until the last page.</summary>")
            out.append(f"public static class {cfg['folder']}Paginators")
            out.append("{")
            for op in pag_ops:
                p = self.paginators[op]
                o = self.model["operations"][op]
                in_shape, out_shape = o["input"]["shape"], o["output"]["shape"]
                rk = p["result_key"]
                if not isinstance(rk, str):
                    raise SystemExit(f"multiple result keys for {op}")
                item_list = self.shapes[self.shapes[out_shape]["members"][rk]["shape"]]
                item_type = self.cs_type(item_list["member"]["shape"])
                it = self.prop_name(in_shape, p["input_token"])
                ot = self.prop_name(out_shape, p["output_token"])
                rkp = self.prop_name(out_shape, rk)
                method = op + "PaginatedAsync" if not op.startswith("Get") else op + "PaginatedAsync"
                out.append(f"    /// <summary>Every <c>{rk}</c> item of {op}, page after page.</summary>")
                out.append(f"    public static global::System.Collections.Generic.IAsyncEnumerable<{item_type}> {method}(this {iface} client, {in_shape} request, global::System.Threading.CancellationToken cancellationToken = default)")
                out.append(f"        => global::SmusServerless.Aws.Protocols.Paginator.EnumerateAsync(\"{op}\", request, static (r, token) => r with {{ {it} = token }}, client.{op}Async, static page => page.{rkp}, static page => page.{ot}, cancellationToken);")
                out.append("")
            out.pop()
            out.append("}")
            out.append("")
        return "\n".join(out)

    def header(self):
        return ("// <auto-generated>\n"
                f"// Generated by functions/SmusServerless.Aws/Generator/generate_clients.py from\n"
                f"// aws-models/{self.cfg['model']}/service-2.json (sha256 {self.sha}).\n"
                "// Do not edit by hand: change the generator and run it again.\n"
                "// </auto-generated>\n"
                "#nullable enable\n")


def outputs(gen, cfg):
    """Every generated file: (path from the repository root, text). The wire (shapes, operation bindings, JSON
    metadata) goes to SmusServerless.Aws.Wire, which local/ shares; the HTTP clients and paginators stay here."""
    wire = os.path.join(WIRE_PROJECT, cfg["folder"], "Generated")
    clients = os.path.join(AWS_PROJECT, cfg["folder"], "Generated")
    return [
        (os.path.join(wire, f"{cfg['folder']}Shapes.g.cs"), gen.emit_shapes()),
        (os.path.join(wire, f"{cfg['folder']}Operations.g.cs"), gen.emit_operations()),
        (os.path.join(clients, f"{cfg['folder']}Clients.g.cs"), gen.emit_clients()),
    ]


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for cfg in SERVICES:
        gen = ServiceGenerator(cfg)
        for path, text in outputs(gen, cfg):
            if check:
                current = open(path, encoding="utf-8", newline="").read() if os.path.exists(path) else None
                if current != text:
                    stale.append(os.path.relpath(path, ROOT))
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        if check:
            continue
        print(f"{cfg['folder']}: {len(cfg['operations'])} operations, {len(gen.structures)} structures, {len(gen.enums)} enums")
    if check:
        for path in stale:
            print(f"stale: {path} (run the generator)", file=sys.stderr)
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
