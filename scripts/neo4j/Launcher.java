// Single-file launcher for a local Neo4j Community DBMS (embedded, with the Bolt
// connector), used by scripts/neo4j-local. Run with Java 17+ source launch:
//
//   java -cp <classpath from scripts/neo4j/pom.xml> Launcher.java <home> <password-file>
//
// <home>/conf/neo4j.conf is written by scripts/neo4j-local (listen address,
// auth, memory). On the first start (no system database yet) the initial
// password is read from <password-file> and set exactly as
// `neo4j-admin dbms set-initial-password` would. When Bolt is up, the bound
// address is written to <home>/run/bolt.address and "READY host:port" is
// printed. SIGTERM shuts the DBMS down cleanly.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher.java <home> <password-file>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path conf = home.resolve("conf");
        Path confFile = conf.resolve("neo4j.conf");
        Path run = home.resolve("run");
        Files.createDirectories(run);

        if (!Files.exists(home.resolve("data/databases/system"))) {
            String password = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip();
            // The password is data, never an option: "--" ends the options, so a password
            // starting with "-" (secrets.token_urlsafe gives one start in 64) is not read as
            // one; and picocli expands an argument "@x" into the contents of file x even after
            // "--", unless the "@" is doubled ("@@x" is the literal "@x").
            String arg = password.startsWith("@") ? "@" + password : password;
            int rc = AdminTool.execute(
                    new ExecutionContext(home, conf), "dbms", "set-initial-password", "--", arg);
            if (rc != 0) {
                System.err.println("set-initial-password failed with exit code " + rc);
                System.exit(3);
            }
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(confFile)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            dbms.shutdown();
            stopped.countDown();
            System.out.println("STOPPED");
        }, "neo4j-local-shutdown"));

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        HostnamePort bolt = db.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bolt == null) {
            System.err.println("Bolt connector did not start");
            dbms.shutdown();
            System.exit(4);
        }
        Path tmp = run.resolve("bolt.address.tmp");
        Files.writeString(tmp, bolt.getHost() + ":" + bolt.getPort() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, run.resolve("bolt.address"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("READY " + bolt.getHost() + ":" + bolt.getPort());
        System.out.flush();
        stopped.await();
    }
}
