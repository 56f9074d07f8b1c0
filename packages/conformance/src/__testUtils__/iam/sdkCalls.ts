import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
// TypeScript is the repository's own compiler (a root devDependency); this
// tool reads eks-node's source with its type checker.
// eslint-disable-next-line @backstage/no-undeclared-imports
import ts from 'typescript';

/** The repository's root. */
export const REPO = resolve(__dirname, '../../../../..');

/** One AWS operation a function reaches, and where the code names it. */
export interface SdkCall {
  /** The SDK package's suffix: `eks` for `@aws-sdk/client-eks`. */
  sdkPackage: string;
  /** The API operation, e.g. `DescribeCluster`. */
  operation: string;
  /** How the code sends it. */
  via: 'command' | 'paginator' | 'waiter';
  /** The SDK name the code uses (`DescribeClusterCommand`, `waitUntilClusterActive`). */
  name: string;
  /** Repository-relative file and line of the reference. */
  file: string;
  line: number;
}

const SDK_FILE = /[\\/]node_modules[\\/]@aws-sdk[\\/]client-([\w-]+)[\\/]/;
/** Client methods that send nothing themselves (`send` sends a command found elsewhere). */
const CLIENT_PLUMBING = new Set([
  'send',
  'destroy',
  'config',
  'middlewareStack',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      return entry.startsWith('__') || entry === 'node_modules'
        ? []
        : sourceFiles(path);
    }
    return /\.ts$/.test(entry) && !/\.(test|d)\.ts$/.test(entry) ? [path] : [];
  });
}

/**
 * The operation a paginator or waiter sends, read from the SDK's own
 * implementation (dist-es), so a waiter maps to what it really polls.
 */
function operationsInSdkImplementation(declarationFile: string): string[] {
  const implementation = declarationFile
    .replace(`${sep}dist-types${sep}`, `${sep}dist-es${sep}`)
    .replace(/\.d\.ts$/, '.js');
  if (!existsSync(implementation)) {
    throw new Error(
      `cannot read ${implementation} to find what ${declarationFile} sends`,
    );
  }
  const text = readFileSync(implementation, 'utf8');
  const ops = new Set<string>();
  for (const m of text.matchAll(/\bnew (\w+)Command\(/g)) ops.add(m[1]);
  for (const m of text.matchAll(/createPaginator\(\w+, (\w+)Command\b/g)) {
    ops.add(m[1]);
  }
  if (ops.size === 0) {
    throw new Error(`${implementation} sends no command that can be found`);
  }
  return [...ops];
}

/**
 * A call graph of one package's source, built with the TypeScript checker:
 * from an entry (an exported function, or a class method), every function,
 * method, constructor and module-level value it references, transitively, and
 * the AWS SDK commands, paginators and waiters among them. A method of an
 * interface reaches the methods of the package's classes that implement it.
 */
export class SdkCallGraph {
  readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  private readonly srcDir: string;
  private readonly implementers = new Map<string, ts.ClassLikeDeclaration[]>();

  constructor(srcDir: string) {
    this.srcDir = resolve(srcDir);
    this.program = ts.createProgram(sourceFiles(this.srcDir), {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    });
    this.checker = this.program.getTypeChecker();
    for (const file of this.ownFiles()) {
      file.forEachChild(node => this.indexImplementers(node));
    }
  }

  /** The package's own source files in the program. */
  ownFiles(): ts.SourceFile[] {
    return this.program.getSourceFiles().filter(f => this.isOwn(f.fileName));
  }

  private isOwn(fileName: string): boolean {
    const path = resolve(fileName);
    return (
      path.startsWith(this.srcDir + sep) &&
      !/\.(test|d)\.ts$/.test(path) &&
      !path.includes(`${sep}node_modules${sep}`)
    );
  }

  private indexImplementers(node: ts.Node) {
    if (!ts.isClassDeclaration(node)) return;
    for (const clause of node.heritageClauses ?? []) {
      for (const type of clause.types) {
        const name = type.expression.getText();
        const list = this.implementers.get(name) ?? [];
        list.push(node);
        this.implementers.set(name, list);
      }
    }
  }

  /** The declaration an exported name of `indexFile` stands for. */
  exported(indexFile: string, path: string): ts.Declaration[] {
    const source = this.program.getSourceFile(resolve(indexFile));
    const moduleSymbol = source && this.checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${indexFile} is not in the program`);
    const [name, member] = path.split('.');
    const exported = this.checker
      .getExportsOfModule(moduleSymbol)
      .find(s => s.name === name);
    if (!exported) throw new Error(`${indexFile} exports no ${name}`);
    const symbol =
      exported.flags & ts.SymbolFlags.Alias
        ? this.checker.getAliasedSymbol(exported)
        : exported;
    const declarations = symbol.declarations ?? [];
    if (!member) return declarations;
    const found = declarations.flatMap(d =>
      ts.isClassDeclaration(d)
        ? d.members.filter(m => m.name?.getText() === member)
        : [],
    );
    if (found.length === 0) {
      throw new Error(`${indexFile}: ${name} has no member ${member}`);
    }
    // The instance exists, so its constructor and field initialisers ran too.
    return [...found, ...declarations];
  }

  /** Every AWS operation reachable from the entries. */
  callsFrom(entries: ts.Declaration[]): SdkCall[] {
    const calls = new Map<string, SdkCall>();
    const seen = new Set<ts.Node>();
    const queue: ts.Node[] = [...entries];
    while (queue.length > 0) {
      const node = queue.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const body of this.bodiesOf(node)) {
        this.walk(body, queue, calls);
      }
    }
    return [...calls.values()].sort((a, b) =>
      `${a.sdkPackage}:${a.operation}:${a.file}:${a.line}`.localeCompare(
        `${b.sdkPackage}:${b.operation}:${b.file}:${b.line}`,
      ),
    );
  }

  /** What to read of a declaration the graph reaches. */
  private bodiesOf(node: ts.Node): ts.Node[] {
    if (
      ts.isFunctionLike(node) &&
      !ts.isMethodSignature(node) &&
      !ts.isFunctionTypeNode(node)
    ) {
      return [node];
    }
    if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) {
      return node.initializer ? [node.initializer] : [];
    }
    if (ts.isPropertyAssignment(node)) return [node.initializer];
    if (ts.isClassDeclaration(node)) {
      return node.members.filter(
        m =>
          ts.isConstructorDeclaration(m) ||
          (ts.isPropertyDeclaration(m) && m.initializer !== undefined),
      );
    }
    if (
      (ts.isMethodSignature(node) || ts.isPropertySignature(node)) &&
      ts.isInterfaceDeclaration(node.parent)
    ) {
      const name = node.name.getText();
      return (this.implementers.get(node.parent.name.text) ?? []).flatMap(c =>
        c.members.filter(m => m.name?.getText() === name),
      );
    }
    return [];
  }

  private symbolOf(node: ts.Node): ts.Symbol | undefined {
    const parent = node.parent;
    let symbol =
      parent && ts.isShorthandPropertyAssignment(parent)
        ? this.checker.getShorthandAssignmentValueSymbol(parent)
        : this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      symbol = this.checker.getAliasedSymbol(symbol);
    }
    return symbol;
  }

  private walk(root: ts.Node, queue: ts.Node[], calls: Map<string, SdkCall>) {
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isTypeNode(node)) return;
      if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
        for (const declaration of this.symbolOf(node)?.declarations ?? []) {
          const fileName = declaration.getSourceFile().fileName;
          const sdk = SDK_FILE.exec(fileName);
          if (sdk) {
            this.recordSdk(node, declaration, sdk[1], calls);
          } else if (this.isOwn(fileName)) {
            // A body's own parameters and locals are read where they are written.
            if (!isWithin(declaration, root)) queue.push(declaration);
          }
        }
      }
      node.forEachChild(visit);
    };
    // A declaration's own name resolves to itself, inside root: not followed.
    visit(root);
  }

  private recordSdk(
    node: ts.Node,
    declaration: ts.Declaration,
    sdkPackage: string,
    calls: Map<string, SdkCall>,
  ) {
    const name = node.getText();
    const at = node.getSourceFile();
    const where = {
      file: relative(REPO, at.fileName).split(sep).join('/'),
      line: at.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    };
    const add = (operation: string, via: SdkCall['via']) =>
      calls.set(`${sdkPackage}:${operation}:${where.file}:${where.line}`, {
        sdkPackage,
        operation,
        via,
        name,
        ...where,
      });
    if (/Command$/.test(name) && ts.isClassDeclaration(declaration)) {
      add(name.replace(/Command$/, ''), 'command');
    } else if (/^(paginate|waitUntil|waitFor)\w+$/.test(name)) {
      const via = name.startsWith('paginate') ? 'paginator' : 'waiter';
      for (const op of operationsInSdkImplementation(
        declaration.getSourceFile().fileName,
      )) {
        add(op, via);
      }
    } else if (
      (ts.isMethodDeclaration(declaration) ||
        ts.isMethodSignature(declaration)) &&
      !CLIENT_PLUMBING.has(name)
    ) {
      throw new Error(
        `${where.file}:${where.line} calls ${name} of @aws-sdk/client-${sdkPackage}; only commands, paginators and waiters are mapped to IAM actions`,
      );
    }
  }
}

function isWithin(node: ts.Node, root: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (n === root) return true;
  }
  return false;
}
