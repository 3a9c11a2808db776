using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

public sealed class CelLibraryTests
{
    // Each rule must evaluate to true over the sample; the table covers every function registered on top of the package.
    [Theory]
    [InlineData("self.weights.sum() == 100")]
    [InlineData("self.backends.map(b, b.weight).sum() == 100")]
    [InlineData("self.ratios.sum() == 1.0")]
    [InlineData("[].sum() == 0")]
    [InlineData("self.weights.min() == 20 && self.weights.max() == 50")]
    [InlineData("[1, 2, 3].isSorted() && !self.weights.isSorted()")]
    [InlineData("self.names.indexOf('b') == 1 && self.names.lastIndexOf('a') == 2 && self.names.indexOf('z') == -1")]
    [InlineData("'hello'.indexOf('l') == 2 && 'hello'.lastIndexOf('l') == 3 && 'hello'.indexOf('l', 3) == 3")]
    [InlineData("'MiXed'.lowerAscii() == 'mixed' && 'MiXed'.upperAscii() == 'MIXED'")]
    [InlineData("'a-b-c'.replace('-', '.') == 'a.b.c' && 'a-b-c'.replace('-', '.', 1) == 'a.b-c'")]
    [InlineData("'a,b,c'.split(',') == ['a', 'b', 'c'] && 'a,b,c'.split(',', 2) == ['a', 'b,c']")]
    [InlineData("['a', 'b'].join() == 'ab' && ['a', 'b'].join('/') == 'a/b'")]
    [InlineData("'  x '.trim() == 'x'")]
    [InlineData("'hello'.charAt(1) == 'e' && 'hello'.substring(1, 3) == 'el' && 'hello'.substring(3) == 'lo'")]
    [InlineData("'abc123'.find('[0-9]+') == '123' && 'a1b22'.findAll('[0-9]+') == ['1', '22']")]
    [InlineData("isURL('https://example.com:8443/a?b=c') && url('https://example.com:8443/a').getHost() == 'example.com:8443'")]
    [InlineData("url('https://example.com/a/b').getScheme() == 'https' && url('https://example.com/a/b').getEscapedPath() == '/a/b'")]
    [InlineData("url('https://example.com:8443/').getPort() == '8443' && url('https://example.com/').getHostname() == 'example.com'")]
    [InlineData("url('https://example.com/?k=v').getQuery()['k'] == ['v']")]
    [InlineData("duration('24h') > duration('1h30m') && duration('500ms') < duration('1s')")]
    [InlineData("timestamp('2026-11-25T20:00:00Z') + duration('1h') == timestamp('2026-11-25T21:00:00Z')")]
    [InlineData("self.names.all(n, n.matches('^[a-z]$')) && self.names.exists_one(n, n == 'b')")]
    [InlineData("self.backends.filter(b, b.weight > 40).size() == 1")]
    [InlineData("string(size(self.names)) == '3' && string(self.names.size()) == '3' && int(size(self.names)) == 3")]
    public void Evaluates_kubernetes_library_functions(string rule)
    {
        var (program, error, _) = CelCompiler.Compile(rule);
        error.Should().BeNull();
        var self = CelValues.FromJson(Yaml.Obj("""
            weights: [50, 30, 20]
            ratios: [0.25, 0.75]
            names: [a, b, a]
            backends: [{weight: 60}, {weight: 40}]
            """), null);
        program!(new Dictionary<string, object?> { ["self"] = self }).Should().Be(true);
    }

    // JSON objects reach CEL as CelMap: every map operation of the language holds on them, filter() over keys included.
    [Theory]
    [InlineData("size(self.labels) == 2 && self.labels.size() == 2")]
    [InlineData("'a' in self.labels && !('z' in self.labels)")]
    [InlineData("self.labels['b'] == '2' && self.labels.a == '1'")]
    [InlineData("has(self.labels.a) && !has(self.labels.z)")]
    [InlineData("self.labels.all(k, k in ['a', 'b']) && self.labels.exists(k, self.labels[k] == '2') && self.labels.exists_one(k, k == 'a')")]
    [InlineData("self.labels.map(k, k + '=' + self.labels[k]).size() == 2 && self.labels.filter(k, k == 'b') == ['b']")]
    [InlineData("self.labels == {'b': '2', 'a': '1'} && self.labels != {'a': '1'} && self.nested.inner == {'x': 1}")]
    [InlineData("self.nested.inner.x == 1 && type(self.nested) == map")]
    public void Json_objects_are_maps_to_every_operation(string rule)
    {
        var (program, error, _) = CelCompiler.Compile(rule);
        error.Should().BeNull();
        var self = CelValues.FromJson(Yaml.Obj("""
            labels: {a: "1", b: "2"}
            nested: {inner: {x: 1}}
            """), null);
        self.Should().BeOfType<CelMap>();
        program!(new Dictionary<string, object?> { ["self"] = self }).Should().Be(true);
    }

    [Theory]
    [InlineData("self.x +", "Syntax error")]
    [InlineData("self.items.frobnicate()", "undeclared reference to 'frobnicate'")]
    [InlineData("bogus(self)", "undeclared reference to 'bogus'")]
    [InlineData("self.a == other", "undeclared reference to 'other'")]
    public void Refuses_rules_that_do_not_compile(string rule, string expected)
    {
        var (program, error, _) = CelCompiler.Compile(rule);
        program.Should().BeNull();
        error.Should().StartWith("ERROR: <input>:").And.Contain(expected);
    }

    [Fact]
    public void Knows_macro_variables_and_oldSelf()
    {
        var (program, error, usesOldSelf) = CelCompiler.Compile("self.xs.all(x, x > 0) && self.xs.map(y, y).size() >= oldSelf.xs.size()");
        error.Should().BeNull();
        program.Should().NotBeNull();
        usesOldSelf.Should().BeTrue();
    }
}
