package io.docstream.projection.writer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wiring of the writer: the transaction template every batch runs in. */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Bean
    TransactionTemplate projectionTransactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }
}
