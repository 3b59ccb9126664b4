package io.docstream.gateway.edge;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Swaps Tomcat's HTML error report valve for {@link JsonErrorReportValve}. */
@Configuration(proxyBeanMethods = false)
public class TomcatConfig {

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (!(context.getParent() instanceof Host host)) {
                return;
            }
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
            boolean present = false;
            for (Valve valve : host.getPipeline().getValves()) {
                present |= valve instanceof JsonErrorReportValve;
            }
            if (!present) {
                host.getPipeline().addValve(new JsonErrorReportValve());
            }
        });
    }
}
